package dev.baton.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Sends fuzzed HTTP requests to a service in batches, over raw sockets ({@link RawHttp}), judges every answer,
 * and checks after each batch that the service still answers its health check. An answer is acceptable when it
 * is a success or a redirect, or a 4xx whose body {@code refusal} accepts (any 4xx to a HEAD request, which has no
 * body); never a 5xx, a connection closed without an answer, no answer within 20 s, or a connection left open
 * after a {@code Connection: close} request. Two answers Vert.x gives before any handler runs are counted apart
 * ({@link #vertxLimit}). Figures go to a {@link FuzzReport}; the unacceptable inputs to
 * {@code target/fuzz/<entry>-unacceptable.txt}, to replay them.
 */
public final class HttpFuzz {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 12;
    private static final int BATCH = 1_000;
    private static final int KEPT_INPUTS = 200;

    private final int port;
    private final String healthPath;

    /** @param healthPath a GET path that answers 200 while the service is up, e.g. {@code /healthz} */
    public HttpFuzz(int port, String healthPath) {
        this.port = port;
        this.healthPath = healthPath;
    }

    /**
     * Sends {@code inputs} and records each answer in {@code report}.
     *
     * @param refusal null when a 4xx answer (to {@code request}) says clearly why it refuses, else what is wrong
     */
    public void run(FuzzReport report, List<byte[]> inputs, BiFunction<RawHttp.Answer, byte[], String> refusal)
            throws Exception {
        List<byte[]> bad = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int from = 0; from < inputs.size(); from += BATCH) {
                List<Future<?>> done = new ArrayList<>();
                for (byte[] input : inputs.subList(from, Math.min(inputs.size(), from + BATCH))) {
                    done.add(pool.submit(() -> send(report, input, refusal, bad)));
                }
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES);
                }
                if (!alive()) {
                    report.problem("the service stopped answering " + healthPath + " with 200",
                            "after input " + Math.min(inputs.size(), from + BATCH));
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        keep(report, bad);
    }

    /** Whether the service answers its health check with 200. */
    public boolean alive() {
        try {
            return RawHttp.send(port, RawHttp.request("GET", RawHttp.latin1(healthPath), Map.of(), null, false))
                    .status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private void send(FuzzReport report, byte[] input, BiFunction<RawHttp.Answer, byte[], String> refusal,
            List<byte[]> bad) {
        String problem;
        String outcome;
        String answered;
        try {
            RawHttp.Answer answer = RawHttp.send(port, input);
            String limit = vertxLimit(answer, input);
            outcome = limit != null ? limit : answer.status() == 0 ? "no status line" : Integer.toString(answer.status());
            problem = limit != null ? null : judge(answer, input, refusal);
            answered = answer.status() + " " + answer.headers() + " " + FuzzReport.clip(answer.text(), 300);
        } catch (IOException e) {
            outcome = "no answer";
            problem = "no answer within 20 s";
            answered = e.toString();
        }
        report.outcome(outcome);
        if (problem != null) {
            report.problem(problem + ": " + outcome, answered + " <- " + FuzzReport.clip(
                    new String(input, StandardCharsets.ISO_8859_1), 300));
            if (bad.size() < KEPT_INPUTS) {
                bad.add(input);
            }
        }
    }

    private static String judge(RawHttp.Answer answer, byte[] input, BiFunction<RawHttp.Answer, byte[], String> refusal) {
        int status = answer.status();
        if (status == 0) {
            return "connection closed without an answer";
        }
        if (!answer.closed()) {
            return "answered but left the connection open (the request said Connection: close)";
        }
        if (status >= 500) {
            return "a 5xx";
        }
        if (status < 400 || head(input)) {
            return null;
        }
        return refusal.apply(answer, input);
    }

    /**
     * The two answers Vert.x gives itself, before any handler and beyond what its public API can change: 501 with
     * no body to a request line whose version is not HTTP/1.0 or HTTP/1.1, and closing the connection without an
     * answer on a chunked body whose chunk size is not a hex number. Named as outcomes of their own; null otherwise.
     */
    static String vertxLimit(RawHttp.Answer answer, byte[] input) {
        String request = new String(input, StandardCharsets.ISO_8859_1);
        int eol = request.indexOf("\r\n");
        String line = eol < 0 ? request : request.substring(0, eol);
        if (answer.status() == 501 && !line.matches("\\S+ \\S+ HTTP/1\\.[01]")) {
            return "501 (HTTP version not 1.0 or 1.1)";
        }
        int head = request.indexOf("\r\n\r\n");
        if (answer.status() == 0 && head > 0 && request.substring(0, head).contains("\r\nTransfer-Encoding: chunked")) {
            int sizeEnd = request.indexOf("\r\n", head + 4);
            String size = sizeEnd < 0 ? "" : request.substring(head + 4, sizeEnd);
            if (!size.matches("[0-9a-fA-F]{1,7}(;.*)?")) {
                return "closed (chunk size not hex)";
            }
        }
        return null;
    }

    private static boolean head(byte[] request) {
        return new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1).equals("HEAD ");
    }

    /** Null for a body {@code {"error":{"code":"…","message":"…"}}} (OpenAI's error shape has both), else why not. */
    public static String jsonError(RawHttp.Answer answer, byte[] request) {
        if (answer.body().length == 0) {
            return "a 4xx with an empty body";
        }
        try {
            JsonNode error = JSON.readTree(answer.body()).path("error");
            return error.path("code").isTextual() && !error.path("message").asText("").isBlank() ? null
                    : "a 4xx without {error:{code,message}}";
        } catch (IOException e) {
            return "a 4xx whose body is not JSON";
        }
    }

    private static void keep(FuzzReport report, List<byte[]> bad) throws IOException {
        if (bad.isEmpty()) {
            return;
        }
        Path file = FuzzReport.TABLE.resolveSibling(report.name().replaceAll("[^A-Za-z0-9.-]+", "-")
                + "-unacceptable.txt");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] input : bad) {
                out.write("==== input\n".getBytes(StandardCharsets.US_ASCII));
                out.write(input);
                out.write('\n');
            }
        }
    }
}
