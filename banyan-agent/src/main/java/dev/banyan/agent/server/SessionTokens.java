package dev.banyan.agent.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The session token from the agent's current registration. Only that token is accepted: a
 * re-registration replaces it, so an older token stops working at once.
 */
public final class SessionTokens {
  private final AtomicReference<String> current = new AtomicReference<>("");

  /** Installs the token of a new registration. */
  public void set(String token) {
    current.set(token);
  }

  /** Forgets the token (the agent has no session). */
  public void clear() {
    current.set("");
  }

  /** Whether {@code presented} is the current token, compared in constant time. */
  public boolean accepts(String presented) {
    String token = current.get();
    if (token.isEmpty() || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
