package dev.banyan.common.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How an {@code init} command receives the cluster password without it ever appearing in process
 * arguments: a file, standard input, the {@code BANYAN_PASSWORD} variable, or a prompt.
 */
public final class PasswordSource {
  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the cluster password from this file (first line).")
  Path passwordFile;

  @Option(
      names = "--password-stdin",
      description = "Read the cluster password from standard input (first line).")
  boolean passwordStdin;

  /** The password given without a prompt, if any. */
  public Optional<String> given(Map<String, String> env, Prompter stdinReader) {
    if (passwordFile != null) {
      try {
        String first =
            Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("");
        return Optional.of(first.strip()).filter(p -> !p.isEmpty());
      } catch (IOException e) {
        throw new UserError(
            "cannot read the password file "
                + passwordFile
                + " ("
                + e.getMessage()
                + "); check the path.");
      }
    }
    if (passwordStdin) {
      return Optional.of(stdinReader.readAnswer().strip()).filter(p -> !p.isEmpty());
    }
    return Optional.ofNullable(env.get("BANYAN_PASSWORD")).filter(p -> !p.isEmpty());
  }

  /** Checks a password chosen for a new cluster. */
  public static void requireStrong(String password) {
    if (password.length() < 12) {
      throw new UserError(
          "the cluster password must have at least 12 characters; choose a longer one (e.g. from"
              + " 'openssl rand -base64 18').");
    }
  }
}
