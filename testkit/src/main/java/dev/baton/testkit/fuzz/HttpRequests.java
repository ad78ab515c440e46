package dev.baton.testkit.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raw HTTP/1.1 requests for fuzzers, now and then with the framing itself broken, so the server's HTTP codec has to
 * refuse them before any handler runs: a URI over the line limit, headers over the header limit, a malformed
 * header or request line, an invalid {@code Content-Length}, broken chunked encoding, invalid bytes in the target.
 * Every request says {@code Connection: close}. Not thread-safe (shares the fuzzer's {@link FuzzValues}).
 */
public final class HttpRequests {
    private final FuzzValues values;
    private final int brokenPercent;

    /** @param brokenPercent how many requests in a hundred get their framing broken */
    public HttpRequests(FuzzValues values, int brokenPercent) {
        this.values = values;
        this.brokenPercent = brokenPercent;
    }

    /** The request, usually as given (once in 30 without its {@code Content-Length}), sometimes broken. */
    public byte[] build(String method, String target, Map<String, byte[]> headers, byte[] body) {
        if (values.nextInt(100) >= brokenPercent) {
            return RawHttp.request(method, RawHttp.latin1(target), headers, body, !values.oneIn(30));
        }
        Map<String, byte[]> more = new LinkedHashMap<>(headers);
        return switch (values.nextInt(8)) {
            case 0 -> RawHttp.request(method, RawHttp.latin1(target + (target.contains("?") ? "&" : "?") + "q="
                    + "a".repeat(4100 + values.nextInt(8000))), headers, body, true);
            case 1 -> {
                more.put("X-Padding", RawHttp.latin1("p".repeat(8200 + values.nextInt(8000))));
                yield RawHttp.request(method, RawHttp.latin1(target), more, body, true);
            }
            case 2 -> {
                for (int i = 0; i < 200 + values.nextInt(200); i++) {
                    more.put("X-Header-" + i, RawHttp.latin1("v".repeat(40)));
                }
                yield RawHttp.request(method, RawHttp.latin1(target), more, body, true);
            }
            case 3 -> {
                more.put(values.pick("Bad Header", "X-\u00ff", "", ":", "X(y)", "X-\u0001"), values.headerValue());
                yield RawHttp.request(method, RawHttp.latin1(target), more, body, true);
            }
            case 4 -> requestLine(method, target, body);
            case 5 -> {
                more.put("Content-Length", RawHttp.latin1(values.pick("abc", "-1", "1, 2", "+5", "0x10",
                        "99999999999999999999", " ")));
                yield RawHttp.request(method, RawHttp.latin1(target), more, body, false);
            }
            case 6 -> chunked(method, target, more, body);
            default -> RawHttp.request(method, FuzzValues.splice(RawHttp.latin1(target), values.nextInt(target.length()
                    + 1), 0, values.oneIn(2) ? values.invalidUtf8() : new byte[] {(byte) values.nextInt(32)}),
                    headers, body, true);
        };
    }

    private byte[] requestLine(String method, String target, byte[] body) {
        String line = switch (values.nextInt(6)) {
            case 0 -> method + " " + target;
            case 1 -> method + " " + target + " HTTP/9.9";
            case 2 -> method + "  " + target + "  HTTP/1.1";
            case 3 -> method + " " + target + " http/1.1";
            case 4 -> "\u0000" + method + " " + target + " HTTP/1.1";
            default -> method + "\t" + target + " HTTP/1.1 extra";
        };
        var out = new ByteArrayOutputStream();
        out.writeBytes(RawHttp.latin1(line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** Chunked encoding whose first chunk size is not a hex number that fits in an int, then the last chunk. */
    private byte[] chunked(String method, String target, Map<String, byte[]> headers, byte[] body) {
        headers.put("Transfer-Encoding", RawHttp.latin1("chunked"));
        byte[] data = body == null ? new byte[] {'x'} : body;
        var out = new ByteArrayOutputStream();
        out.writeBytes(RawHttp.latin1(values.pick("zz", "-1", "fffffffffffffffff", "0x10", "") + "\r\n"));
        out.writeBytes(data);
        out.writeBytes(RawHttp.latin1("\r\n0\r\n\r\n"));
        return RawHttp.request(method, RawHttp.latin1(target), headers, out.toByteArray(), false);
    }
}
