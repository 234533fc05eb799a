package dev.banyan.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs {@code promtool check metrics} (Debian package prometheus) on scraped text. */
public final class Promtool {
  private Promtool() {}

  /** Asserts that promtool accepts the exposition text without errors or lint findings. */
  public static void assertValid(String exposition) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics said:\n" + output).isZero();
    assertThat(output.strip()).as("promtool findings").isEmpty();
  }
}
