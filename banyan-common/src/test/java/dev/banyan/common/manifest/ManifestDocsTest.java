package dev.banyan.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/manifest.md lists every service key with the treatment the code gives it. */
class ManifestDocsTest {
  @Test
  void everyServiceKeyIsDocumentedWithItsTreatment() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "manifest.md"));
    String services =
        docs.substring(docs.indexOf("### Service keys"), docs.indexOf("### Top-level keys"));

    KeyCatalog.SERVICE.forEach(
        (key, rule) -> {
          String status =
              switch (rule.kind()) {
                case ACTED -> "acted on";
                case NOT_ACTED -> "parsed, not acted on (warning)";
                case REJECTED -> "rejected (error)";
              };
          assertThat(services).as(key).contains("| `" + key + "` | " + status + " |");
        });
  }
}
