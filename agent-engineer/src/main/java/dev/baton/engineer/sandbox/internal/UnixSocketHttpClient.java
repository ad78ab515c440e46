package dev.baton.engineer.sandbox.internal;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A docker-java transport over the JDK's own Unix domain socket channels: one connection per request
 * ({@code Connection: close}). Unlike the JNA sockets of the bundled transports, a blocking read parks a virtual
 * thread instead of pinning its carrier, so long {@code exec} streams do not starve other virtual threads.
 * Thread-safe (stateless). Does not support hijacked stdin.
 */
public final class UnixSocketHttpClient implements DockerHttpClient {
    private final UnixDomainSocketAddress address;

    public UnixSocketHttpClient(Path socket) {
        this.address = UnixDomainSocketAddress.of(socket);
    }

    @Override
    public Response execute(Request request) {
        if (request.hijackedInput() != null) {
            throw new UnsupportedOperationException("stdin hijacking is not supported by this transport");
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(address);
            writeRequest(Channels.newOutputStream(channel), request);
            return readResponse(channel, new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Docker engine at " + address + ": " + e.getMessage(), e);
        }
    }

    private static void writeRequest(OutputStream out, Request request) throws IOException {
        InputStream bodyStream = request.body();
        byte[] body = bodyStream == null ? new byte[0] : bodyStream.readAllBytes();
        var head = new StringBuilder(request.method()).append(' ').append(request.path())
                .append(" HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n");
        request.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("connection") && !lower.equals("upgrade") && !lower.equals("content-length")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static Response readResponse(SocketChannel channel, InputStream in) throws IOException {
        String status = HttpLines.readLine(in);
        if (status == null || !status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = HttpLines.readLine(in); line != null && !line.isEmpty(); line = HttpLines.readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim(), List.of(line.substring(colon + 1).trim()));
        }
        InputStream body = in;
        if (header(headers, "Transfer-Encoding").equalsIgnoreCase("chunked")) {
            body = new ChunkedInputStream(in);
        } else if (!header(headers, "Content-Length").isEmpty()) {
            body = new Limited(in, Long.parseLong(header(headers, "Content-Length")));
        }
        InputStream finalBody = body;
        return new Response() {
            public int getStatusCode() { return code; }
            public Map<String, List<String>> getHeaders() { return headers; }
            public InputStream getBody() { return finalBody; }
            public void close() { closeQuietly(channel); }
        };
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().getFirst()).findFirst().orElse("");
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public void close() {
        // one connection per request: nothing pooled
    }

    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            return left-- <= 0 ? -1 : super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }
    }
}
