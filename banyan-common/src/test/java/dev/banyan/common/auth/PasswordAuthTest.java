package dev.banyan.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PasswordAuthTest {
  @Test
  void hashRoundTripsAndVerifies() {
    PasswordHash hash = PasswordHash.create("s3cret".toCharArray(), 1000);
    PasswordHash parsed = PasswordHash.parse(hash.encode());
    assertThat(parsed.matches("s3cret".toCharArray())).isTrue();
    assertThat(parsed.matches("s3cret ".toCharArray())).isFalse();
    assertThat(hash.encode()).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret");
    assertThat(PasswordHash.create("s3cret".toCharArray(), 1000).encode())
        .as("salted: same password, different hash")
        .isNotEqualTo(hash.encode());
  }

  @Test
  void malformedHashIsExplained() {
    assertThatThrownBy(() -> PasswordHash.parse("md5$abc"))
        .hasMessageContaining("expected pbkdf2-sha256$ITERATIONS$SALT$HASH");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$x$AAAA$AAAA"))
        .hasMessageContaining("malformed");
  }

  @Test
  void verifierAcceptsOnlyTheRightPassword() {
    PasswordVerifier verifier = new PasswordVerifier(PasswordHash.create("pw".toCharArray(), 1000));
    assertThat(verifier.verify("pw")).isTrue();
    assertThat(verifier.verify("pw")).as("cached path").isTrue();
    assertThat(verifier.verify("PW")).isFalse();
    assertThat(verifier.verify("")).isFalse();
    assertThat(verifier.verify(null)).isFalse();
  }

  @Test
  void throttleBlocksAfterRepeatedFailuresAndClearsOnSuccess() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T12:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    FailureThrottle throttle = new FailureThrottle(clock);
    for (int i = 0; i < FailureThrottle.FREE_FAILURES; i++) {
      throttle.failure("10.0.0.9");
      assertThat(throttle.waitFor("10.0.0.9")).isZero();
    }
    throttle.failure("10.0.0.9");
    assertThat(throttle.waitFor("10.0.0.9")).isEqualTo(Duration.ofSeconds(1));
    throttle.failure("10.0.0.9");
    assertThat(throttle.waitFor("10.0.0.9")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.waitFor("10.0.0.10")).as("other peers unaffected").isZero();
    now.set(now.get().plusSeconds(3));
    assertThat(throttle.waitFor("10.0.0.9")).isZero();
    throttle.success("10.0.0.9");
    throttle.failure("10.0.0.9");
    assertThat(throttle.waitFor("10.0.0.9")).isZero();
  }
}
