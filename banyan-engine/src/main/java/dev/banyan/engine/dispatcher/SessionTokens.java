package dev.banyan.engine.dispatcher;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets for sessions: 32 bytes from SecureRandom, URL-safe base64 without padding. */
final class SessionTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionTokens() {}

  static String token() {
    return random(32);
  }

  static String sessionId() {
    return random(16);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
