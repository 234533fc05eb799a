package dev.banyan.common.manifest.model;

import java.util.Optional;

/** A top-level named volume; {@code external} volumes keep their name, others are scoped. */
public record VolumeDef(boolean external, Optional<String> name, Optional<String> driver) {}
