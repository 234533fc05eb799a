package dev.banyan.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.cli.CliMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code validate} and {@code config} as an operator runs them: output and exit codes. */
class ManifestCommandsTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = CliMain.commandLine(new String[0]);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void validatePrintsOkAndWarningsForAValidFile() throws IOException {
    Path f = write("banyan.yaml", "services:\n  web:\n    image: nginx\n    tty: true\n");

    int code = run("validate", "-f", f.toString());

    assertThat(code).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "warning: "
                + f
                + ":4:5 services.web.tty: parsed but not acted on: Banyan's container spec has no"
                + " field for it yet, so containers run without it; remove it to silence this"
                + " warning\nOK\n");
  }

  @Test
  void validateListsErrorsAndExitsOne() throws IOException {
    Path f =
        write("banyan.yaml", "services:\n  web:\n    image: nginx\n    ports: [\"80:80:80\"]\n");

    int code = run("validate", "-f", f.toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .isEqualTo(
            f
                + ":4:13 services.web.ports[0]: \"80:80:80\" is not a port mapping; expected"
                + " [HOST:]CONTAINER[/PROTOCOL]\n");
  }

  @Test
  void validateSpeaksJson() throws IOException {
    Path f = write("banyan.yaml", "services:\n  web:\n    image: nginx\n    restart: maybe\n");

    int code = run("validate", "-f", f.toString(), "-o", "json");

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("\"valid\" : false").contains("is not a restart policy");
  }

  @Test
  void badUsageExitsTwoAndMissingFileExitsOne() {
    assertThat(run("validate", "--no-such-flag")).isEqualTo(2);
    assertThat(run("validate", "-f", dir.resolve("missing.yaml").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("was not found");
  }

  @Test
  void configPrintsTheNormalizedFile() throws IOException {
    Path f =
        write(
            "banyan.yaml",
            "services:\n  web:\n    image: nginx\n    ports: [\"8080:80\"]\n    volumes: [./html:/html]\n");

    int code = run("config", "-f", f.toString(), "--name", "site");

    assertThat(code).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "name: site\nservices:\n  web:\n    image: nginx\n    ports:\n      - target: 80\n"
                + "        published: '8080'\n        protocol: tcp\n    volumes:\n"
                + "      - type: bind\n        source: "
                + dir.resolve("html")
                + "\n        target: /html\n");
  }

  @Test
  void helpDocumentsExitCodes() {
    run("validate", "--help");

    assertThat(out.toString()).contains("Exit codes:").contains("0   the manifest is valid");
  }
}
