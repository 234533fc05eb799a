package dev.banyan.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Removal of the temporary directories tests create. */
public final class TempDirs {
  private TempDirs() {}

  /**
   * Deletes {@code root} and everything under it; nothing happens for null or a missing directory.
   * Best effort: a temporary directory left behind is harmless and must not fail a test's clean-up.
   */
  public static void delete(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // See above.
    }
  }
}
