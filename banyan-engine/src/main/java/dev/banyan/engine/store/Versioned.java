package dev.banyan.engine.store;

/** A stored value with the etcd mod revision it was read at: the token for compare-and-set. */
public record Versioned<T>(T value, long modRevision) {}
