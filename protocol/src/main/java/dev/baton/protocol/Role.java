package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The agent roles. The coordinator is not a role: it never calls a model. */
public enum Role {
    PM(Topics.WORK_PM),
    ENGINEER(Topics.WORK_ENGINEER),
    REVIEWER(Topics.WORK_REVIEWER);

    private final String workTopic;

    Role(String workTopic) {
        this.workTopic = workTopic;
    }

    /** The topic this role's consumer group reads its work orders from. */
    public String workTopic() {
        return workTopic;
    }

    /** Lower-case id used in topics, config keys, Redis users and budgets, e.g. {@code engineer}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role of(String id) {
        for (Role role : values()) {
            if (role.id().equalsIgnoreCase(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "', expected one of pm, engineer, reviewer");
    }
}
