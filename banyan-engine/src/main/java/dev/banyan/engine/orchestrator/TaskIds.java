package dev.banyan.engine.orchestrator;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New task ids: 24 random hex characters (container names use the first 8). */
public final class TaskIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TaskIds() {}

  public static String next() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
