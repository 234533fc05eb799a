package dev.banyan.common.manifest.model;

import java.util.Optional;

/** A service's use of a secret or config: which one, and where and with what mode it appears. */
public record FileRef(
    String source, Optional<String> target, Optional<Integer> mode, Position position) {}
