package dev.baton.engineer.sandbox.internal;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 {@code Transfer-Encoding: chunked} body; EOF after the last (empty) chunk. */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (done) {
            return -1;
        }
        if (remaining == 0) {
            remaining = nextChunkSize();
            if (remaining == 0) {
                done = true;
                HttpLines.readLine(in); // the CRLF after the last chunk (no trailers from dockerd)
                return -1;
            }
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new IOException("the Docker engine closed the connection inside a chunk");
        }
        remaining -= n;
        if (remaining == 0) {
            HttpLines.readLine(in);
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = HttpLines.readLine(in);
        if (line == null) {
            throw new IOException("the Docker engine closed the connection before the last chunk");
        }
        int semicolon = line.indexOf(';');
        return Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
