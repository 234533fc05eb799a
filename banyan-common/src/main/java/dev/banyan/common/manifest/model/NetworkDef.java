package dev.banyan.common.manifest.model;

import java.util.Optional;

/** A top-level network; Banyan uses it for aliases only (all services share the VPC network). */
public record NetworkDef(boolean external, Optional<String> name, Optional<String> driver) {}
