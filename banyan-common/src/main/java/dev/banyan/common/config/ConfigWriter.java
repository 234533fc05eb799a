package dev.banyan.common.config;

import dev.banyan.common.cli.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes settings into a config file for the {@code init} commands: other sections and settings
 * already in the file are kept, and the file is replaced atomically with mode 0600 because it may
 * hold the cluster password.
 */
public final class ConfigWriter {
  private ConfigWriter() {}

  /** Merges {@code updates} (section → key → value) into the file at {@code path}. */
  public static void merge(Path path, Map<String, Map<String, Object>> updates) {
    Map<String, Object> content = read(path);
    updates.forEach(
        (section, values) -> {
          Object existing = content.get(section);
          Map<String, Object> merged = new LinkedHashMap<>();
          if (existing instanceof Map<?, ?> m) {
            m.forEach((k, v) -> merged.put(String.valueOf(k), v));
          }
          merged.putAll(values);
          content.put(section, merged);
        });
    String yaml =
        "# Banyan configuration; holds the cluster password: keep it mode 0600.\n"
            + new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
                .dumpToString(content);
    try {
      Path dir = path.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp =
          Files.createTempFile(
              dir,
              ".banyan-config",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UserError(
          "cannot write " + path + " (" + e.getMessage() + "); run as a user who may write it.");
    }
  }

  private static Map<String, Object> read(Path path) {
    Map<String, Object> content = new LinkedHashMap<>();
    if (!Files.exists(path)) {
      return content;
    }
    ConfigFile.load(path); // reports a malformed file with its position before we touch it
    try {
      Object parsed =
          new Load(LoadSettings.builder().build()).loadFromString(Files.readString(path));
      if (parsed instanceof Map<?, ?> m) {
        m.forEach((k, v) -> content.put(String.valueOf(k), v));
      }
      return content;
    } catch (IOException e) {
      throw new UserError("cannot read " + path + " (" + e.getMessage() + ").");
    }
  }
}
