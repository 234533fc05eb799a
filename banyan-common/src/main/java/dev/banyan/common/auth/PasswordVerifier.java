package dev.banyan.common.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks presented passwords against the stored {@link PasswordHash}. PBKDF2 is slow on purpose,
 * and agents call many times a second, so once a password has been verified a SHA-256 of it is
 * remembered and later calls compare against that in constant time.
 */
public final class PasswordVerifier {
  private final java.util.List<PasswordHash> stored;
  // One remembered digest per accepted password would be needed during a rotation; remembering the
  // last one is enough because callers settle on one password.
  private final AtomicReference<byte[]> verifiedDigest = new AtomicReference<>();

  /** Accepts any password whose hash is given: more than one during a password rotation. */
  public PasswordVerifier(java.util.List<PasswordHash> stored) {
    if (stored.isEmpty()) {
      throw new IllegalArgumentException("at least one password hash is needed");
    }
    this.stored = java.util.List.copyOf(stored);
  }

  public PasswordVerifier(PasswordHash stored) {
    this(java.util.List.of(stored));
  }

  /**
   * True when {@code presented} is a password already verified, checked without PBKDF2. Lets
   * clients with the right password through while their address is throttled because of another
   * client's failures (several clients often share one address).
   */
  public boolean isKnownGood(String presented) {
    byte[] known = verifiedDigest.get();
    return presented != null
        && known != null
        && MessageDigest.isEqual(known, sha256(PasswordHash.utf8(presented.toCharArray())));
  }

  public boolean verify(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    char[] chars = presented.toCharArray();
    byte[] digest = sha256(PasswordHash.utf8(chars));
    byte[] known = verifiedDigest.get();
    if (known != null && MessageDigest.isEqual(known, digest)) {
      return true;
    }
    if (stored.stream().anyMatch(hash -> hash.matches(chars))) {
      verifiedDigest.set(digest);
      return true;
    }
    return false;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
