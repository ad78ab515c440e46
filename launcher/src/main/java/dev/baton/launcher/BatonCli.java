package dev.baton.launcher;

import dev.baton.launcher.client.Endpoints;
import dev.baton.launcher.client.Submit;
import dev.baton.launcher.client.Watch;
import dev.baton.launcher.up.Demo;
import dev.baton.launcher.up.Platform;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** The {@code baton} command. */
public final class BatonCli {
    static final String USAGE = """
            usage: baton <command> [options]
              up                          start Kafka, Redis, vault-proxy, coordinator and the agents; Ctrl-C stops all
              demo                        start Baton, run a sample ticket end to end, print the result, stop
              submit --repo PATH|URL --title TEXT [--description TEXT] [--base BRANCH] [--id ID] [--wait]
                                          write a ticket to the intake topic (with --wait, watch it to the end)
              watch [TICKET] [--until-done] print handoffs as they happen
            options for every command: --dir DIR (state and logs, default .baton)
            """;

    private BatonCli() {}

    public static void main(String[] argv) throws Exception {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
            out.print(USAGE);
            return argv.length == 0 ? 2 : 0;
        }
        Args args = Args.parse(Arrays.asList(argv).subList(1, argv.length));
        Path dir = Path.of(args.option("dir").orElse(".baton"));
        try {
            return switch (argv[0]) {
                case "up" -> up(dir, out);
                case "demo" -> Demo.run(dir, System.getenv(), out);
                case "submit" -> submit(dir, args, out);
                case "watch" -> watch(dir, args, out);
                default -> throw new Args.UsageException("unknown command '" + argv[0] + "'");
            };
        } catch (Args.UsageException | IllegalArgumentException e) {
            err.println("baton: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IllegalStateException e) {
            err.println("baton: " + e.getMessage());
            return 1;
        }
    }

    private static int up(Path dir, PrintStream out) throws Exception {
        Platform platform = Platform.up(dir, System.getenv(), out);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping Baton …");
            platform.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static int submit(Path dir, Args args, PrintStream out) throws Exception {
        Endpoints endpoints = Endpoints.load(dir);
        TicketSubmitted ticket = Submit.ticket(args);
        Submit.send(endpoints.kafkaBootstrap(), ticket);
        out.println("submitted " + ticket.ticketId() + " (branch " + ticket.branch() + " of " + ticket.repo() + ")");
        if (!args.flag("wait")) {
            return 0;
        }
        Optional<TicketState> end = Watch.run(endpoints.kafkaBootstrap(), ticket.ticketId(), true, null, out);
        return end.filter(s -> s == TicketState.DELIVERED).isPresent() ? 0 : 1;
    }

    private static int watch(Path dir, Args args, PrintStream out) {
        Endpoints endpoints = Endpoints.load(dir);
        String ticket = args.positional().isEmpty() ? null : args.positional().get(0);
        Duration timeout = args.option("timeout").map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null);
        Optional<TicketState> end = Watch.run(endpoints.kafkaBootstrap(), ticket, args.flag("until-done"), timeout, out);
        return end.map(s -> s == TicketState.DELIVERED ? 0 : 1).orElse(0);
    }
}
