package dev.baton.bench;

import dev.baton.protocol.Topics;
import dev.baton.protocol.WorkOrder;
import dev.baton.testkit.KafkaBroker;

/**
 * The Kafka floor and the coordinator handoff measured in one interleaved sequence (hop, round trip, handoff,
 * round trip, handoff, …) so that both see the same machine: on a shared machine the load changes from one
 * second to the next, and figures taken minutes apart would not compare.
 */
final class LatencyRun {
    record Result(Latencies hop, Latencies roundTrip, Latencies planned, Latencies committed) {
        Latencies handoffs() {
            var all = new Latencies();
            all.addAll(planned);
            all.addAll(committed);
            return all;
        }
    }

    private LatencyRun() {}

    /** Needs a coordinator running on {@code broker}; {@code tickets} tickets give 2 handoffs each. */
    static Result measure(KafkaBroker broker, int partitions, String runId, int warmUpTickets, int tickets)
            throws InterruptedException {
        try (var floor = new KafkaFloor(broker, partitions);
                var handoffs = new HandoffBench(broker.bootstrapServers())) {
            var ignored = new Result(new Latencies(), new Latencies(), new Latencies(), new Latencies());
            for (int i = 0; i < warmUpTickets; i++) {
                ticket(floor, handoffs, runId + "-hw" + i, ignored);
            }
            var result = new Result(new Latencies(), new Latencies(), new Latencies(), new Latencies());
            for (int i = 0; i < tickets; i++) {
                ticket(floor, handoffs, runId + "-h" + i, result);
            }
            return result;
        }
    }

    private static void ticket(KafkaFloor floor, HandoffBench handoffs, String id, Result into)
            throws InterruptedException {
        settle();
        into.hop().add(floor.hop());
        WorkOrder pm = handoffs.submit(id);
        settle();
        into.roundTrip().add(floor.roundTrip());
        HandoffBench.Seen engineer = handoffs.handoff(pm, Topics.WORK_ENGINEER);
        into.planned().add(engineer.nanos());
        settle();
        into.roundTrip().add(floor.roundTrip());
        HandoffBench.Seen reviewer = handoffs.handoff(engineer.order(), Topics.WORK_REVIEWER);
        into.committed().add(reviewer.nanos());
        handoffs.answer(reviewer.order());
    }

    /** Lets the coordinator finish what follows a handoff (deadline index, commit) before Kafka is timed alone. */
    private static void settle() throws InterruptedException {
        Thread.sleep(3);
    }
}
