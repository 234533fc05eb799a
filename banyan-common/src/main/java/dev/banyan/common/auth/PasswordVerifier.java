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
  private final PasswordHash stored;
  private final AtomicReference<byte[]> verifiedDigest = new AtomicReference<>();

  public PasswordVerifier(PasswordHash stored) {
    this.stored = stored;
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
    if (stored.matches(chars)) {
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
