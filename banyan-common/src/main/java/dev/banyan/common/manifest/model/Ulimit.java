package dev.banyan.common.manifest.model;

/** A resource limit such as {@code nofile}; a single number sets soft and hard alike. */
public record Ulimit(String name, long soft, long hard) {}
