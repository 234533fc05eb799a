package dev.banyan.common.manifest.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A restart policy, from {@code deploy.restart_policy} or {@code restart:}; {@code condition} is
 * one of {@code no}, {@code always}, {@code on-failure}, {@code unless-stopped}.
 */
public record RestartPolicy(
    String condition,
    Optional<Integer> maxAttempts,
    Optional<Duration> delay,
    Optional<Duration> window) {}
