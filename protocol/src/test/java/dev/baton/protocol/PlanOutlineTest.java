package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlanOutlineTest {
    static Task task(int n, int criteria, int files, int length) {
        return new Task("task-" + n, "Task " + n, "d", IntStream.range(0, files).mapToObj(i -> "src/f" + i + ".py").toList(),
                IntStream.range(0, criteria).mapToObj(i -> "criterion " + i + " " + "x".repeat(length)).toList(), "pytest");
    }

    @Test
    void shouldCarryEachTasksIdTitleCriteriaAndFiles() {
        var outline = PlanOutline.of(new Plan("s", List.of(task(1, 2, 1, 5), task(2, 1, 2, 5))));
        assertThat(outline.omittedTasks()).isZero();
        assertThat(outline.tasks()).extracting(PlanOutline.TaskOutline::id).containsExactly("task-1", "task-2");
        assertThat(outline.tasks().get(0).criteria()).containsExactly("criterion 0 xxxxx", "criterion 1 xxxxx");
        assertThat(outline.tasks().get(1).files()).containsExactly("src/f0.py", "src/f1.py");
        assertThat(outline.tasks().get(1).title()).isEqualTo("Task 2");
    }

    @Test
    void shouldCutLongTextsAndListsAndSayHowManyAreLeftOut() {
        var outline = PlanOutline.of(new Plan("s", List.of(task(1, 14, 30, 900))));
        var task = outline.tasks().get(0);
        assertThat(task.criteria()).hasSize(PlanOutline.MAX_ITEMS + 1).last().isEqualTo("…[4 more]");
        assertThat(task.criteria().get(0)).hasSize(PlanOutline.MAX_FIELD).endsWith("…");
        assertThat(task.files()).last().isEqualTo("…[20 more]");
    }

    @Test
    void shouldLeaveOutTasksPastTheSizeLimitAndCountThem() {
        List<Task> big = IntStream.rangeClosed(1, 20).mapToObj(i -> task(i, 10, 10, 280)).toList();
        var outline = PlanOutline.of(new Plan("s", big));
        assertThat(outline.tasks()).isNotEmpty().hasSizeLessThan(20);
        assertThat(outline.omittedTasks()).isEqualTo(20 - outline.tasks().size());
        int chars = outline.tasks().stream().mapToInt(PlanOutline.TaskOutline::chars).sum();
        assertThat(chars).isLessThanOrEqualTo(PlanOutline.MAX_CHARS);
        var event = new HandoffEvent("t-1", TicketState.PLANNING, TicketState.IMPLEMENTING, Role.PM, Role.ENGINEER,
                "task-1", 1, "plan of 20 task(s)", 3, outline);
        assertThat(Codec.encode(event)).hasSizeLessThan(16 * 1024);
    }

    @Test
    void shouldRoundTripInAHandoffEvent() {
        var event = new HandoffEvent("t-1", TicketState.PLANNING, TicketState.IMPLEMENTING, Role.PM, Role.ENGINEER,
                "task-1", 1, "plan of 1 task(s)", 3, PlanOutline.of(new Plan("s", List.of(task(1, 2, 2, 3)))));
        var decoded = (Decoded.Ok) Codec.decode(Codec.encode(event), Payload.EventMessage.class);
        assertThat(decoded.payload()).isEqualTo(event);
    }
}
