package dev.baton.blackboard;

/**
 * A Kafka record a state change must produce, stored atomically with the change so a crash between the
 * write and the send is repaired by re-sending on redelivery. {@code value} is the encoded envelope.
 */
public record OutboxRecord(String topic, String key, String value) {}
