package dev.baton.engineer.sandbox.internal;

import java.nio.charset.StandardCharsets;

/**
 * Keeps at most {@code cap} bytes of a command's output: the first third and the last two thirds, with the cut
 * marked in {@link #text()}. The total stays counted, so a command that prints gigabytes costs only the cap.
 * Not thread-safe: one writer.
 */
public final class OutputBuffer {
    private final byte[] head;
    private final byte[] tail;
    private int headLength;
    private long tailWritten;
    private long total;

    public OutputBuffer(int cap) {
        if (cap < 3) {
            throw new IllegalArgumentException("output cap must be at least 3 bytes, got " + cap);
        }
        this.head = new byte[cap / 3];
        this.tail = new byte[cap - head.length];
    }

    public void write(byte[] bytes, int offset, int length) {
        total += length;
        int toHead = Math.min(length, head.length - headLength);
        System.arraycopy(bytes, offset, head, headLength, toHead);
        headLength += toHead;
        for (int i = offset + toHead; i < offset + length; i++) {
            tail[(int) (tailWritten++ % tail.length)] = bytes[i];
        }
    }

    public void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }

    /** Whether bytes were dropped between the head and the tail. */
    public boolean truncated() {
        return tailWritten > tail.length;
    }

    public long totalBytes() {
        return total;
    }

    /** The kept output as UTF-8 text (malformed bytes replaced), with {@code …[baton: N bytes cut]…} at the cut. */
    public String text() {
        String start = new String(head, 0, headLength, StandardCharsets.UTF_8);
        if (!truncated()) {
            return start + new String(tail, 0, (int) tailWritten, StandardCharsets.UTF_8);
        }
        int from = (int) (tailWritten % tail.length);
        byte[] ordered = new byte[tail.length];
        System.arraycopy(tail, from, ordered, 0, tail.length - from);
        System.arraycopy(tail, 0, ordered, tail.length - from, from);
        long cut = total - headLength - tail.length;
        return start + "\n…[baton: " + cut + " bytes of output cut]…\n" + new String(ordered, StandardCharsets.UTF_8);
    }
}
