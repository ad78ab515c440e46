package dev.baton.protocol;

/**
 * The body of an {@link Envelope}. One sealed interface per topic, so a switch over what a
 * consumer may receive is checked by the compiler.
 */
public sealed interface Payload
        permits Payload.TicketMessage, Payload.WorkMessage, Payload.ResultMessage, Payload.EventMessage,
                Payload.ControlMessage, Payload.DlqMessage {

    /** The ticket this message is about; also the Kafka key. {@link ControlCommand#FLEET} for fleet-wide. */
    String ticketId();

    /** Messages on {@value Topics#TICKETS}. */
    sealed interface TicketMessage extends Payload permits TicketSubmitted {}

    /** Messages on the role work topics. */
    sealed interface WorkMessage extends Payload permits WorkOrder {}

    /** Messages on {@value Topics#RESULTS}. */
    sealed interface ResultMessage extends Payload permits WorkResult, StageStarted {}

    /** Messages on {@value Topics#EVENTS}. */
    sealed interface EventMessage extends Payload permits HandoffEvent, ToolCall, ModelCall, BudgetEvent, GitCall,
            StageSummary {}

    /** Messages on {@value Topics#CONTROL}. */
    sealed interface ControlMessage extends Payload permits ControlCommand {}

    /** Messages on {@value Topics#DLQ}. */
    sealed interface DlqMessage extends Payload permits DeadLetter {}
}
