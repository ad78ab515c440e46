package dev.baton.testkit.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, one request per connection ({@code Connection: close}), so a fuzz test can send
 * what {@code java.net.http} refuses to: any method token, any path bytes, invalid UTF-8 in headers, lying
 * {@code Content-Length}s. Thread-safe (stateless).
 */
public final class RawHttp {
    private RawHttp() {}

    /**
     * An answer; {@code status} 0 means the connection ended before a status line. {@code closed} says whether the
     * server closed the connection after answering, as it must for {@code Connection: close}.
     */
    public record Answer(int status, Map<String, String> headers, byte[] body, boolean closed) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The string's characters as bytes, one each (ISO-8859-1), as HTTP heads are written. */
    public static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Builds a request: the head as given (CRLF added), then {@code Connection: close}, then the body. */
    public static byte[] request(String method, byte[] target, Map<String, byte[]> headers, byte[] body, boolean length) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(method.getBytes(StandardCharsets.ISO_8859_1));
        out.write(' ');
        out.writeBytes(target);
        out.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
        headers.forEach((name, value) -> {
            out.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(": ".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(value);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        if (length && body != null) {
            out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /**
     * Sends the bytes and reads the answer: the head, then the body by its length (or chunks, or until the server
     * closes). Then waits up to 5 s for the server to close the connection. A server may answer and close before
     * reading the whole request (413): a failed write is then ignored if an answer can still be read.
     *
     * @throws IOException when no answer arrives within 20 s
     */
    public static Answer send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    // No half-close: a server may take a FIN as the end of the connection (clients do not send one).
                    socket.getOutputStream().write(request);
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // the server answered early and closed; read what it said
                }
            });
            try {
                return read(socket, request.length > 5 && new String(request, 0, 5, StandardCharsets.US_ASCII)
                        .equals("HEAD "));
            } finally {
                writer.interrupt();
            }
        }
    }

    private static Answer read(Socket socket, boolean headRequest) throws IOException {
        InputStream in = socket.getInputStream();
        var raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean eof = false;
        while (!complete(raw.toByteArray(), headRequest)) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                if (parse(raw.toByteArray()).status() == 0) {
                    throw e;
                }
                break;
            } catch (SocketException e) {
                if (raw.size() == 0) {
                    throw e;
                }
                n = -1;
            }
            if (n < 0) {
                eof = true;
                break;
            }
            raw.write(buffer, 0, n);
        }
        boolean closed = eof;
        if (!eof) {
            socket.setSoTimeout(5_000);
            try {
                closed = in.read(buffer) < 0;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true;
            }
        }
        Answer parsed = parse(raw.toByteArray());
        return new Answer(parsed.status(), parsed.headers(), parsed.body(), closed);
    }

    /** Whether {@code raw} holds a whole answer: a head and, by its length or chunks, a whole body. */
    private static boolean complete(byte[] raw, boolean headRequest) {
        int end = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'});
        if (end < 0) {
            return false;
        }
        if (headRequest) {
            return true;
        }
        Answer head = parse(raw);
        String length = head.headers().get("content-length");
        if (length != null) {
            try {
                return raw.length - end - 4 >= Long.parseLong(length);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if ("chunked".equalsIgnoreCase(head.headers().get("transfer-encoding"))) {
            return indexOf(Arrays.copyOfRange(raw, end + 4, raw.length),
                    new byte[] {'0', '\r', '\n', '\r', '\n'}) >= 0;
        }
        return false;
    }

    public static Answer parse(byte[] raw) {
        int end = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'});
        if (end < 0 || raw.length < 12) {
            return new Answer(0, Map.of(), raw, false);
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            return new Answer(0, Map.of(), raw, false);
        }
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body, false);
    }

    private static byte[] dechunk(byte[] body) {
        var out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int eol = indexOf(Arrays.copyOfRange(body, at, body.length), new byte[] {'\r', '\n'});
            if (eol < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(new String(body, at, eol, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            at += eol + 2;
            if (size == 0 || at + size > body.length) {
                break;
            }
            out.write(body, at, size);
            at += size + 2;
        }
        return out.toByteArray();
    }

    /** Where {@code pattern} first starts in {@code data}, or -1. */
    public static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
