package dev.baton.agent.work;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.baton.protocol.Payload;
import java.util.function.Consumer;

/**
 * What an agent's work sees of its stage besides the order: where events go, and where the model transcript
 * is recorded (on the blackboard, for audit and replay).
 */
public interface StageContext extends Consumer<Payload> {
    /** Records the whole conversation of the stage so far (replaces the previous recording). */
    void transcript(ArrayNode messages);
}
