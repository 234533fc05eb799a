package dev.banyan.agent.engine;

import java.time.Duration;

/** The agent's current registration with an engine. */
public record Session(String id, String token, Duration heartbeatPeriod, String engine) {}
