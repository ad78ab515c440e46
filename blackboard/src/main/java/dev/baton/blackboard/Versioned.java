package dev.baton.blackboard;

/** A value read together with the version a compare-and-set must name to replace it. */
public record Versioned<T>(T value, long version) {}
