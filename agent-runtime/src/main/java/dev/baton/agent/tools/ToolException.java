package dev.baton.agent.tools;

/** A tool refused its arguments or failed; the message goes back to the model as the tool result. */
public final class ToolException extends Exception {
    public ToolException(String message) {
        super(message);
    }
}
