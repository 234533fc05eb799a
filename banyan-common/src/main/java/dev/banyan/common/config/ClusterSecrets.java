package dev.banyan.common.config;

import dev.banyan.common.auth.PasswordHash;
import dev.banyan.common.cli.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the cluster password comes from: {@code BANYAN_PASSWORD} in the environment, else {@code
 * security.password} in the config file. Engines verify against {@code security.password_hash} (or,
 * for a single-machine config that holds only the password, a hash made at start-up). The password
 * is never a command-line flag, so it never shows in process listings.
 */
public final class ClusterSecrets {
  private ClusterSecrets() {}

  /** The password a client (CLI or agent) sends, if one is configured. */
  public static Optional<String> clientPassword(ConfigFile file, Map<String, String> env) {
    String fromEnv = env.get("BANYAN_PASSWORD");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Optional.of(fromEnv);
    }
    return file.get("security", "password").map(ConfigFile.Value::text).filter(s -> !s.isEmpty());
  }

  /** The password a client must send, or a sentence saying how to configure it. */
  public static String requireClientPassword(
      ConfigFile file, Map<String, String> env, String initCommand) {
    return clientPassword(file, env)
        .orElseThrow(
            () ->
                new UserError(
                    "no cluster password is configured; run '"
                        + initCommand
                        + "', set security.password in "
                        + file.path()
                        + ", or set BANYAN_PASSWORD."));
  }

  /**
   * The hashes an engine verifies against (several during a password rotation), or a sentence
   * saying how to configure one.
   */
  public static List<PasswordHash> requireEngineHashes(ConfigFile file, Map<String, String> env) {
    Optional<ConfigFile.Value> stored = file.get("security", "password_hash");
    if (stored.isPresent()) {
      try {
        List<PasswordHash> hashes = new ArrayList<>();
        for (String encoded : stored.get().text().split(",")) {
          if (!encoded.isBlank()) {
            hashes.add(PasswordHash.parse(encoded));
          }
        }
        return hashes;
      } catch (IllegalArgumentException e) {
        throw new UserError(
            file.where(stored.get())
                + " security.password_hash: "
                + e.getMessage()
                + "; run 'banyan-engine init' to write a new one.");
      }
    }
    return clientPassword(file, env)
        .map(p -> List.of(PasswordHash.create(p.toCharArray())))
        .orElseThrow(
            () ->
                new UserError(
                    "no cluster password is configured; run 'banyan-engine init' (or set"
                        + " security.password_hash in "
                        + file.path()
                        + ", or BANYAN_PASSWORD)."));
  }
}
