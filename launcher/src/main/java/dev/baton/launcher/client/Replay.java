package dev.baton.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.launcher.Args;
import dev.baton.protocol.Role;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.WorkOrder;
import dev.baton.proxy.replay.ReplayKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code baton replay <ticket> [--timeout SECONDS] [--repo-url URL]}: re-runs a recorded ticket from the same
 * base commit as ticket {@code <ticket>-r<N>}, whose model calls the vault proxy answers from the original's
 * recording (mapping {@link ReplayKeys#mapping}), waits for it to end and compares per task and round the diffs
 * and verdicts. Exit status 0 if they are the same, 1 if not.
 */
public final class Replay {
    private static final Pattern RELAY_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Duration MAPPING_TTL = Duration.ofDays(7);

    private Replay() {}

    public static int run(CoordinatorClient api, Endpoints endpoints, Args args, PrintStream out) throws Exception {
        String id = Text.ticket(args);
        Duration timeout = Duration.ofSeconds(Long.parseLong(args.option("timeout").orElse("900")));
        JsonNode original = api.get("/api/tickets/" + TicketCommands.enc(id));
        if (!TicketState.valueOf(original.path("state").asText()).isTerminal()) {
            throw new IllegalStateException("ticket " + id + " is " + original.path("state").asText()
                    + "; only a finished run can be replayed");
        }
        JsonNode commits = original.path("record").path("commits");
        if (commits.isEmpty()) {
            throw new IllegalStateException("ticket " + id + " made no commit, so there is no base commit to replay from");
        }
        TicketSubmitted ticket = dev.baton.protocol.Json.MAPPER.treeToValue(original.path("record").path("ticket"),
                TicketSubmitted.class);
        String url = args.option("repo-url").orElseGet(() -> cloneUrl(ticket.repo()));
        try (ReplayRepo repo = ReplayRepo.clone(url);
                RedisClient client = RedisClient.create(redisUri(endpoints));
                StatefulRedisConnection<String, String> redis = client.connect()) {
            if (redis.sync().exists(ReplayKeys.calls(id, Role.PM, WorkOrder.PLAN_TASK)) == 0) {
                throw new IllegalStateException("the vault proxy holds no recorded model calls of ticket " + id
                        + " (recorded before replay existed, or older than proxy.audit.body-ttl)");
            }
            String base = repo.parent(commits.get(0).path("sha").asText());
            String replayId = claimId(redis, id);
            String baseRef = ticket.baseRef();
            if (!repo.branchHead(baseRef).equals(base)) {
                baseRef = "baton-replay/" + replayId;
                repo.pin(base, baseRef);
            }
            Submit.send(endpoints.kafkaBootstrap(), new TicketSubmitted(replayId, ticket.repo(), baseRef, ticket.title(),
                    ticket.description(), System.getProperty("user.name")));
            out.println("replaying " + id + " as " + replayId + " from " + base + " (" + baseRef + ")");
            Optional<TicketState> end = Watch.run(endpoints.kafkaBootstrap(), replayId, true, timeout, out);
            if (end.isEmpty() || !end.get().isTerminal()) {
                out.println("the replay did not finish: " + end.map(Enum::name).orElse("timed out after " + timeout));
                return 1;
            }
            repo.refresh();
            ReplayReport report = new ReplayReport(original, finished(api, replayId), base, repo);
            report.print(out);
            return report.same() ? 0 : 1;
        }
    }

    /** {@code <ticket>-r<N>} with the first N not yet used, claimed with the mapping itself (SET NX). */
    static String claimId(StatefulRedisConnection<String, String> redis, String original) {
        for (int n = 1; ; n++) {
            String suffix = "-r" + n;
            String candidate = original.substring(0, Math.min(original.length(), 64 - suffix.length())) + suffix;
            if ("OK".equals(redis.sync().set(ReplayKeys.mapping(candidate), original,
                    SetArgs.Builder.nx().ex(MAPPING_TTL)))) {
                return candidate;
            }
        }
    }

    /** The replay's record once the coordinator has stored its terminal state. */
    private static JsonNode finished(CoordinatorClient api, String replayId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            JsonNode replay = api.get("/api/tickets/" + TicketCommands.enc(replayId));
            if (TicketState.valueOf(replay.path("state").asText()).isTerminal() || Instant.now().isAfter(deadline)) {
                return replay;
            }
            Thread.sleep(200);
        }
    }

    private static String cloneUrl(String repo) {
        if (RELAY_NAME.matcher(repo).matches()) {
            throw new Args.UsageException("ticket repository '" + repo + "' is reached through the vault proxy's git "
                    + "relay; give --repo-url with a URL this machine can clone, to compare the diffs");
        }
        return repo;
    }

    private static String redisUri(Endpoints endpoints) {
        String env = System.getenv("BATON_REDIS_URI");
        String uri = env != null && !env.isBlank() ? env : endpoints.redisUri();
        if (uri == null) {
            throw new IllegalStateException("no Redis URI: set BATON_REDIS_URI or run `./baton up`, which writes it "
                    + "to endpoints.json");
        }
        return uri;
    }
}
