package dev.banyan.common.manifest.model;

/**
 * One published or exposed container port; ranges are expanded to one Port each. {@code published}
 * is 0 when the port is not published on the host.
 */
public record Port(String hostIp, int published, int target, String protocol, Position position) {}
