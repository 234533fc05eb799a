package dev.banyan.common.manifest.model;

/** Where a value was written in the manifest (1-based), for messages raised after reading. */
public record Position(int line, int column) {}
