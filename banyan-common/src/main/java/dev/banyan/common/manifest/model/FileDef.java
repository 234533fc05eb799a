package dev.banyan.common.manifest.model;

/** A top-level file-based secret or config: the {@code file:} path exactly as written. */
public record FileDef(String file, Position position) {}
