package dev.baton.proxy.secrets;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A line-buffered stream that redacts each line before passing it on. {@link #install} puts it in front of
 * {@code System.out} and {@code System.err}, so every log line of the process (SLF4J simple, Vert.x, Kafka,
 * Lettuce) is redacted. Thread-safe: writes are serialized.
 */
public final class RedactingStream extends OutputStream {
    private final OutputStream target;
    private final Redactor redactor;
    private static final int MAX_LINE = 64 * 1024;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public RedactingStream(OutputStream target, Redactor redactor) {
        this.target = target;
        this.redactor = redactor;
    }

    /** Redacts this process's standard output and error from now on. */
    public static void install(Redactor redactor) {
        System.setOut(new PrintStream(new RedactingStream(System.out, redactor), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new RedactingStream(System.err, redactor), true, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void flush() {
        // a partial line is held back so a secret split across two writes is still seen whole
        if (line.size() > MAX_LINE) {
            emit();
        }
    }

    private void emit() {
        String text = redactor.redact(line.toString(StandardCharsets.UTF_8));
        line.reset();
        try {
            target.write(text.getBytes(StandardCharsets.UTF_8));
            target.flush();
        } catch (java.io.IOException e) {
            // standard streams have nowhere to report their own failure
        }
    }
}
