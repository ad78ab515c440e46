package dev.baton.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.agent.tools.ToolException;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Json;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Role;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlanSchemaTest {
    static final PlanSchema SCHEMA = PlanSchema.load();

    static ObjectNode plan(int tasks) {
        ObjectNode plan = Json.MAPPER.createObjectNode().put("summary", "fix the bug");
        var array = plan.putArray("tasks");
        for (int i = 1; i <= tasks; i++) {
            ObjectNode task = array.addObject().put("id", "task-" + i).put("title", "Fix add()")
                    .put("description", "add(a, b) subtracts; make it add.").put("testCommand", "pytest -q");
            task.putArray("files").add("calc.py");
            task.putArray("acceptanceCriteria").add("add(1, 2) returns 3").add("the tests pass in the sandbox");
        }
        return plan;
    }

    static ObjectNode task(ObjectNode plan) {
        return (ObjectNode) plan.path("tasks").get(0);
    }

    static String refusal(ObjectNode plan) {
        try {
            SCHEMA.validate(plan);
        } catch (ToolException e) {
            return e.getMessage();
        }
        throw new AssertionError("the plan was accepted: " + plan);
    }

    @Test
    void shouldMapAValidPlanToTheTypedRecords() throws Exception {
        Plan plan = SCHEMA.validate(plan(2));
        assertThat(plan.tasks()).hasSize(2);
        assertThat(plan.task(0).acceptanceCriteria()).containsExactly("add(1, 2) returns 3", "the tests pass in the sandbox");
        assertThat(plan.task(1).files()).containsExactly("calc.py");
        assertThat(plan.task(0).testCommand()).isEqualTo("pytest -q");
    }

    @Test
    void shouldBeTheToolParametersTheModelIsGiven() throws Exception {
        assertThat(Json.MAPPER.readTree(SCHEMA.text()).path("properties").path("tasks").path("maxItems").asInt())
                .isEqualTo(Plan.MAX_TASKS);
    }

    @Test
    void shouldKeepTheLargestPlanItAcceptsWellWithinOneMessage() throws Exception {
        JsonNode task = Json.MAPPER.readTree(SCHEMA.text()).path("properties").path("tasks").path("items").path("properties");
        ObjectNode plan = plan(Plan.MAX_TASKS);
        int n = 0;
        for (JsonNode t : plan.path("tasks")) {
            var full = (ObjectNode) t;
            full.put("title", "t".repeat(max(task, "title")));
            full.put("description", "d".repeat(max(task, "description")));
            full.put("testCommand", "c".repeat(max(task, "testCommand")));
            var files = full.putArray("files");
            var criteria = full.putArray("acceptanceCriteria");
            for (int i = 0; i < task.path("files").path("maxItems").asInt(); i++) {
                files.add(String.format("%06d", n++) + "f".repeat(task.path("files").path("items").path("maxLength").asInt() - 6));
            }
            for (int i = 0; i < task.path("acceptanceCriteria").path("maxItems").asInt(); i++) {
                criteria.add(String.format("%06d", n++)
                        + "a".repeat(task.path("acceptanceCriteria").path("items").path("maxLength").asInt() - 6));
            }
        }
        plan.put("summary", "s".repeat(2000));
        var order = new WorkOrder("t-1", Role.PM, WorkOrder.PLAN_TASK, 1, 1, "tok",
                new TicketSubmitted("t-1", "r", null, "T", "", "me"), null, "baton/t-1", null, List.of(), null, List.of());

        byte[] encoded = Codec.encode(WorkResult.planned(order, SCHEMA.validate(plan)));

        assertThat(encoded.length).isLessThan(Codec.MAX_MESSAGE_BYTES / 2);
    }

    static int max(JsonNode properties, String field) {
        return properties.path(field).path("maxLength").asInt();
    }

    @Nested
    @DisplayName("an invalid plan is refused with the schema's messages, each with its path")
    class Refusals {
        @Test
        void shouldNameEveryMissingField() {
            ObjectNode plan = plan(1);
            task(plan).remove("description");
            task(plan).remove("testCommand");
            task(plan).remove("acceptanceCriteria");
            assertThat(refusal(plan)).startsWith("invalid plan (3 problem(s) against the schema):")
                    .contains("/tasks/0: required property 'description' not found").contains("testCommand")
                    .contains("acceptanceCriteria").contains("testCommand");
        }

        @Test
        void shouldRefuseCriteriaTooShortToBeChecked() {
            ObjectNode plan = plan(1);
            task(plan).putArray("acceptanceCriteria").add("ok");
            assertThat(refusal(plan)).contains("/tasks/0/acceptanceCriteria/0: must be at least 10 characters long");
        }

        @Test
        void shouldRefuseAPlanOverTheSizeLimits() {
            assertThat(refusal(plan(21))).contains("/tasks: must have at most 20 items");
            ObjectNode longTitle = plan(1);
            task(longTitle).put("title", "x".repeat(201));
            assertThat(refusal(longTitle)).contains("/tasks/0/title: must be at most 200 characters long");
        }

        @Test
        void shouldRefuseAPlanWithoutTasksOrOfTheWrongShape() {
            assertThat(refusal(plan(0))).contains("/tasks: must have at least 1 items");
            assertThat(refusal((ObjectNode) Json.MAPPER.createObjectNode().put("tasks", "do it"))).contains("/tasks: ")
                    .contains("array");
            assertThat(refusal(Json.MAPPER.createObjectNode())).contains("/: required property 'tasks' not found");
        }

        @Test
        void shouldRefuseWhatTheSchemaCannotSeeWithTheRecordsReason() {
            ObjectNode plan = plan(2);
            ((ObjectNode) plan.path("tasks").get(1)).put("id", "task-1");
            assertThat(refusal(plan)).isEqualTo("invalid plan: plan.tasks has duplicate task id task-1");
        }

        @Test
        void shouldListAtMostTwentyProblems() {
            ObjectNode plan = plan(20);
            plan.path("tasks").forEach(t -> ((ObjectNode) t).remove("title"));
            plan.path("tasks").forEach(t -> ((ObjectNode) t).remove("description"));
            assertThat(refusal(plan)).startsWith("invalid plan (40 problem(s)").endsWith("…and 20 more")
                    .satisfies(m -> assertThat(m.lines().filter(l -> l.startsWith("- /tasks/")).count()).isEqualTo(20));
        }
    }
}
