package dev.baton.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request head plus its whole body (de-chunked). */
record GuardRequest(String method, String target, String version, Map<String, String> headers, List<String> rawHeaders,
        byte[] body) {
    private static final int MAX_BODY = 1 << 20;

    /** A request the guard cannot parse: answered 400. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    /** The next request on {@code in}, null at end of stream; {@link Malformed} for a malformed one. */
    static GuardRequest read(InputStream in) throws IOException {
        String line = line(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] start = line.split(" ", 3);
        if (start.length != 3) {
            throw new Malformed("bad request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                raw.add(h);
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            var all = new ByteArrayOutputStream();
            for (int size; (size = chunkSize(line(in))) > 0; ) {
                if (all.size() + size > MAX_BODY) {
                    throw new Malformed("request body over 1 MiB");
                }
                all.write(in.readNBytes(size));
                line(in);
            }
            while (true) {
                String trailer = line(in);
                if (trailer == null || trailer.isEmpty()) {
                    break;
                }
            }
            body = all.toByteArray();
        } else {
            int length = number(headers.getOrDefault("content-length", "0"), 10);
            if (length < 0 || length > MAX_BODY) {
                throw new Malformed("request body over 1 MiB");
            }
            body = in.readNBytes(length);
        }
        return new GuardRequest(start[0], start[1], start[2], headers, raw, body);
    }

    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    String query(String name) {
        int q = target.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : target.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    boolean upgrade() {
        return headers.containsKey("upgrade");
    }

    byte[] head(String connection) {
        var sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        for (String h : rawHeaders) {
            String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
            if (!name.equals("connection") && !name.equals("transfer-encoding") && !name.equals("content-length")
                    && !name.equals("keep-alive")) {
                sb.append(h).append("\r\n");
            }
        }
        sb.append("Connection: ").append(connection).append("\r\n");
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int chunkSize(String line) throws IOException {
        if (line == null) {
            throw new Malformed("body ended inside a chunk");
        }
        return number(line.split(";")[0].trim(), 16);
    }

    private static int number(String text, int radix) throws IOException {
        try {
            return Integer.parseInt(text, radix);
        } catch (NumberFormatException e) {
            throw new Malformed("bad number in the request head: " + text);
        }
    }

    private static String line(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (out.size() > 16 * 1024) {
                throw new Malformed("header line too long");
            }
            out.write(b);
        }
        if (b == -1 && out.size() == 0) {
            return null;
        }
        String s = out.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
