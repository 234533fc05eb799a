package dev.banyan.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 hash of the cluster password, as stored in the engine's config:
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in unpadded base64). The engine keeps
 * only this, never the password itself.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String PREFIX = "pbkdf2-sha256";
  private static final int KEY_BITS = 256;

  public PasswordHash {
    salt = salt.clone();
    hash = hash.clone();
  }

  /** Hashes {@code password} with a fresh random salt. */
  public static PasswordHash create(char[] password) {
    return create(password, DEFAULT_ITERATIONS);
  }

  /** Hashes with a chosen iteration count (tests use fewer to stay fast). */
  public static PasswordHash create(char[] password, int iterations) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /** Parses the stored form; a malformed value is an {@link IllegalArgumentException} naming it. */
  public static PasswordHash parse(String encoded) {
    String[] parts = encoded.strip().split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      throw new IllegalArgumentException(
          "is not a password hash; expected pbkdf2-sha256$ITERATIONS$SALT$HASH as written by"
              + " 'banyan-engine init'");
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      return new PasswordHash(
          Integer.parseInt(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "is not a password hash; its iteration count, salt or hash is malformed", e);
    }
  }

  /** The stored form. */
  public String encode() {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /** True when {@code password} is the one hashed; compares in constant time. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** UTF-8 bytes of a password, for callers that cache a digest of a verified one. */
  static byte[] utf8(char[] password) {
    return new String(password).getBytes(StandardCharsets.UTF_8);
  }
}
