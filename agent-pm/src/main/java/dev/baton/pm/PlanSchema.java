package dev.baton.pm;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.baton.agent.tools.Prompts;
import dev.baton.agent.tools.ToolException;
import dev.baton.protocol.Json;
import dev.baton.protocol.Plan;
import java.util.List;

/**
 * The PM's plan checked against its JSON Schema ({@value #RESOURCE}, draft 2020-12: required fields and size
 * limits), then mapped to the typed {@link Plan}, whose constructors check what a schema cannot (unique task ids).
 * A refusal lists the schema's messages, which is what the model is sent back and what a failed ticket shows.
 * Thread-safe; load once.
 */
final class PlanSchema {
    static final String RESOURCE = "submit_plan.schema.json";
    static final int MAX_MESSAGES = 20;
    static final int MAX_MESSAGE = 300;

    private final String text;
    private final Schema schema;

    private PlanSchema(String text) {
        this.text = text;
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
    }

    static PlanSchema load() {
        return new PlanSchema(Prompts.load(PlanSchema.class, RESOURCE));
    }

    /** The schema as JSON text, for the tool's parameters. */
    String text() {
        return text;
    }

    /**
     * The plan {@code arguments} describe.
     *
     * @throws ToolException "invalid plan: " and every violation (at most {@value #MAX_MESSAGES}), one per line
     */
    Plan validate(JsonNode arguments) throws ToolException {
        List<Error> errors = schema.validate(arguments);
        if (!errors.isEmpty()) {
            var lines = new StringBuilder("invalid plan (" + errors.size() + " problem(s) against the schema):");
            errors.stream().limit(MAX_MESSAGES).forEach(e -> lines.append("\n- ").append(cut(describe(e))));
            if (errors.size() > MAX_MESSAGES) {
                lines.append("\n- …and ").append(errors.size() - MAX_MESSAGES).append(" more");
            }
            throw new ToolException(lines.toString());
        }
        try {
            return Json.MAPPER.treeToValue(arguments, Plan.class);
        } catch (Exception e) {
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new ToolException("invalid plan: " + cut(reason));
        }
    }

    /** {@code /tasks/0/title: must be at most 200 characters long}: where (a JSON pointer, {@code /} for the root) and what. */
    private static String describe(Error error) {
        String where = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        return (where.isEmpty() ? "/" : where) + ": " + error.getMessage();
    }

    private static String cut(String message) {
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message;
    }
}
