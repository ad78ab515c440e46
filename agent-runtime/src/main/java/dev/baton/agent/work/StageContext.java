package dev.baton.agent.work;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.baton.protocol.Payload;
import java.util.function.Consumer;

/**
 * What an agent's work sees of its stage besides the order: where events go, where the model transcript is
 * recorded (on the blackboard, for audit and replay), and what the stage's summary counts.
 */
public interface StageContext extends Consumer<Payload> {
    /** Records the whole conversation of the stage so far (replaces the previous recording). */
    void transcript(ArrayNode messages);

    /** Counts one answered model call (a step) and its tokens. */
    default void modelCall(long tokensIn, long tokensOut) {}

    /** Notes why the stage's tool loop ended when it ended normally, e.g. the terminal tool it accepted. */
    default void stopped(String reason) {}
}
