package dev.banyan.common.manifest;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What reading a manifest may consult besides its text: the environment (for {@code environment:
 * [NAME]} pass-through and {@code ~}), the manifest's directory (to make relative paths absolute)
 * and a way to read env files. The engine's compiler has no directory and reads env files from the
 * deploy request.
 */
record ReadContext(
    Map<String, String> environment,
    Optional<Path> baseDir,
    Function<String, Optional<String>> envFiles) {

  static ReadContext forCompile(Map<String, byte[]> files) {
    return new ReadContext(
        Map.of(),
        Optional.empty(),
        path ->
            Optional.ofNullable(files.get(path))
                .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)));
  }
}
