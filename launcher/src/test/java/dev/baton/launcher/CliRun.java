package dev.baton.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/** One in-process {@code baton} command against the platform in {@code dir}: its status and what it printed. */
record CliRun(int status, String out, String err) {

    static CliRun baton(Path dir, String... args) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        String[] argv = Stream.concat(Arrays.stream(args), Stream.of("--dir", dir.toString())).toArray(String[]::new);
        int status = BatonCli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
