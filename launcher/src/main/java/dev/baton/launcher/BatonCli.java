package dev.baton.launcher;

import dev.baton.launcher.client.BudgetCommands;
import dev.baton.launcher.client.ControlCommands;
import dev.baton.launcher.client.CoordinatorClient;
import dev.baton.launcher.client.Endpoints;
import dev.baton.launcher.client.Submit;
import dev.baton.launcher.client.TicketCommands;
import dev.baton.launcher.client.Watch;
import dev.baton.launcher.up.Demo;
import dev.baton.launcher.up.Platform;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.telemetry.log.Logs;
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
              tickets [--state S[,S]] [--limit N]   list tickets, newest first
              show TICKET [--json]        a ticket: plan, commits with evidence, reviews, cost, timeline
              budgets                     every role's caps and spend
              budgets set ROLE [--ticket USD] [--daily USD] [--monthly USD] [--call-tokens N] [--reason TEXT]
                                          change caps (none removes one); a raise resumes tickets blocked on budget
              approve TICKET [--reason TEXT]   let a ticket awaiting approval go on
              reject TICKET --reason TEXT      fail a ticket awaiting approval with the reason
              cancel TICKET [--reason TEXT]    cancel a ticket
              halt [--reason TEXT]        kill switch: stop the fleet, revoke every task token
              resume [--reason TEXT]      continue the halted tickets
              export TICKET [--out FILE]  the ticket's audit trail as JSON lines
              whoami                      the operator your token names (commands are recorded with it)
              replay TICKET [--timeout SECONDS] [--repo-url URL]
                                          re-run a finished ticket from its base commit with the recorded model
                                          answers; exit 0 if it reaches the same diffs and verdicts
            options for every command: --dir DIR (state and logs, default .baton)
            the operator commands use --operator-token TOKEN, else BATON_COORDINATOR_URL and BATON_OPERATOR_TOKEN
            when set, else what `baton up` saved in DIR (endpoints.json, operator-token)
            """;

    private BatonCli() {}

    public static void main(String[] argv) throws Exception {
        // The services `up` starts log JSON in their own processes; this one talks to a person.
        Logs.identify("baton", null);
        Logs.preferText();
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
                case "tickets" -> TicketCommands.list(api(dir, args), args, out);
                case "show" -> TicketCommands.show(api(dir, args), args, out);
                case "budgets" -> BudgetCommands.run(api(dir, args), args, out);
                case "approve", "reject", "cancel" -> ControlCommands.ticket(api(dir, args), argv[0], args, out);
                case "halt", "resume" -> ControlCommands.fleet(api(dir, args), argv[0], args, out);
                case "export" -> ControlCommands.export(api(dir, args), args, out);
                case "whoami" -> ControlCommands.whoami(api(dir, args), out);
                case "replay" -> dev.baton.launcher.client.Replay.run(api(dir, args), Endpoints.load(dir), args, out);
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

    private static CoordinatorClient api(Path dir, Args args) {
        return CoordinatorClient.connect(dir, System.getenv(), args.option("operator-token").orElse(null));
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
