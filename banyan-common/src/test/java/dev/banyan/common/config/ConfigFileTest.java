package dev.banyan.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ConfigFileTest {
  @TempDir Path dir;

  @Command(name = "tool")
  static final class Tool implements Runnable {
    @Option(names = "--node-name")
    String nodeName;

    @Option(names = "--engine", split = ",")
    List<String> engines;

    @Option(names = "--listen", defaultValue = "127.0.0.1:1")
    String listen;

    @Option(names = "--config")
    Path config;

    @Override
    public void run() {}
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("banyan.yaml");
    Files.writeString(file, yaml);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private Tool parse(Path file, Map<String, String> env, String... args) {
    Tool tool = new Tool();
    CommandLine cmd = new CommandLine(tool);
    String[] all = new String[args.length + 2];
    all[0] = "--config";
    all[1] = file.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    ConfigDefaults.install(cmd, all, "agent", env, List.of());
    cmd.parseArgs(all);
    return tool;
  }

  @Test
  void precedenceIsFlagThenEnvironmentThenFileThenDefault() throws IOException {
    Path file = write("agent:\n  node_name: from-file\n  engine: [a:1, b:2]\n");
    assertThat(parse(file, Map.of()).nodeName).isEqualTo("from-file");
    assertThat(parse(file, Map.of()).engines).containsExactly("a:1", "b:2");
    assertThat(parse(file, Map.of()).listen).isEqualTo("127.0.0.1:1");
    assertThat(parse(file, Map.of("BANYAN_NODE_NAME", "from-env")).nodeName).isEqualTo("from-env");
    assertThat(
            parse(file, Map.of("BANYAN_NODE_NAME", "from-env"), "--node-name", "from-flag")
                .nodeName)
        .isEqualTo("from-flag");
  }

  @Test
  void malformedYamlNamesLineAndColumn() throws IOException {
    Path file = write("agent:\n  node_name: [unclosed\n");
    assertThatThrownBy(() -> ConfigFile.load(file))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(file + ":3:1: the file is not valid YAML")
        .hasMessageEndingWith("fix the syntax at that position.");
  }

  @Test
  void unknownSectionAndKeyGetSuggestions() throws IOException {
    Path bad = write("agnet:\n  x: 1\n");
    assertThatThrownBy(() -> ConfigFile.load(bad))
        .hasMessage(
            bad
                + ":1:1 agnet: unknown section (did you mean 'agent'?); the sections are security, engine, agent, cli.");
    Path typo = write("agent:\n  node_nam: x\n");
    assertThatThrownBy(() -> parse(typo, Map.of()))
        .hasMessageStartingWith(
            typo + ":2:13 agent.node_nam: unknown setting (did you mean 'node_name'?)");
  }

  @Test
  void secretFileReadableByOthersIsRefused() throws IOException {
    Path file = write("security:\n  password: pw\n");
    ConfigFile.load(file).requirePrivateIfSecret();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> ConfigFile.load(file).requirePrivateIfSecret())
        .hasMessage(
            file
                + " holds the cluster password but group or others can read it (mode rw-r--r--); run 'chmod 600 "
                + file
                + "'.");
  }

  @Test
  void missingExplicitConfigIsAnError() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(
            () ->
                ConfigDefaults.locate(
                    new String[] {"--config", missing.toString()}, Map.of(), List.of()))
        .hasMessage(
            "the config file "
                + missing
                + " does not exist; create it with 'init' or fix --config / BANYAN_CONFIG.");
  }

  @Test
  void writerMergesSectionsAndWritesPrivately() throws IOException {
    Path file = write("cli:\n  engine: 127.0.0.1:7070\n");
    ConfigWriter.merge(file, Map.of("security", Map.of("password", "pw")));
    ConfigFile merged = ConfigFile.load(file);
    assertThat(merged.get("cli", "engine").orElseThrow().text()).isEqualTo("127.0.0.1:7070");
    assertThat(ClusterSecrets.clientPassword(merged, Map.of())).contains("pw");
    assertThat(ClusterSecrets.clientPassword(merged, Map.of("BANYAN_PASSWORD", "env")))
        .contains("env");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }
}
