package dev.baton.protocol;

/** What {@link Codec#decode} made of some bytes: a message, or why not. Never an exception. */
public sealed interface Decoded {

    record Ok(Envelope envelope, Payload payload) implements Decoded {}

    /** @param ticketId the ticket id if it could be read, else {@link DeadLetter#UNKNOWN_TICKET} */
    record Failed(ErrorCode code, String reason, String ticketId) implements Decoded {}
}
