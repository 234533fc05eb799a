package dev.banyan.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The argv that docker, podman and nerdctl share; subclasses override where they differ. */
public abstract class DockerCompatibleDialect implements Dialect {
  private final String executable;

  protected DockerCompatibleDialect(String executable) {
    this.executable = executable;
  }

  @Override
  public List<String> base() {
    return List.of(executable);
  }

  /** The value of {@code --format} that makes a command print JSON. */
  protected String jsonFormat() {
    return "{{json .}}";
  }

  protected List<String> cmd(String... args) {
    List<String> argv = new ArrayList<>(base());
    argv.addAll(List.of(args));
    return argv;
  }

  @Override
  public List<String> listIds(Map<String, String> labels) {
    List<String> argv = cmd("ps", "-a", "--no-trunc");
    new TreeMap<>(labels)
        .forEach((k, v) -> argv.addAll(List.of("--filter", "label=" + k + "=" + v)));
    argv.addAll(List.of("--format", jsonFormat()));
    return argv;
  }

  @Override
  public List<String> parseIds(JsonNode output) {
    List<String> ids = new ArrayList<>();
    for (JsonNode row : output.isArray() ? output : List.of(output)) {
      String id = row.path("ID").asText(row.path("Id").asText(""));
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    return ids;
  }

  @Override
  public List<String> inspect(List<String> ids) {
    List<String> argv = cmd("container", "inspect");
    argv.addAll(ids);
    return argv;
  }

  @Override
  public List<String> create(ContainerConfig c) {
    return containerArgs(c, "create");
  }

  @Override
  public List<String> run(ContainerConfig c) {
    return containerArgs(c, "run", "--detach");
  }

  private List<String> containerArgs(ContainerConfig c, String... verb) {
    List<String> argv = cmd(verb);
    argv.addAll(List.of("--name", c.name()));
    new TreeMap<>(c.labels()).forEach((k, v) -> argv.addAll(List.of("--label", k + "=" + v)));
    new TreeMap<>(c.env()).forEach((k, v) -> argv.addAll(List.of("--env", k + "=" + v)));
    c.entrypoint()
        .ifPresent(e -> argv.addAll(List.of("--entrypoint", e.isEmpty() ? "" : e.get(0))));
    for (ContainerConfig.Port p : c.ports()) {
      String host = p.hostIp().isEmpty() ? "" : p.hostIp() + ":";
      String proto = p.protocol().isEmpty() ? "tcp" : p.protocol();
      argv.addAll(
          List.of("--publish", host + p.hostPort() + ":" + p.containerPort() + "/" + proto));
    }
    for (ContainerConfig.Volume v : c.volumes()) {
      argv.addAll(List.of("--volume", v.source() + ":" + v.target() + (v.readOnly() ? ":ro" : "")));
    }
    c.tmpfs().forEach(t -> argv.addAll(List.of("--tmpfs", t)));
    option(argv, "--user", c.user());
    option(argv, "--workdir", c.workingDir());
    option(argv, "--hostname", c.hostname());
    c.ulimits().forEach(u -> argv.addAll(List.of("--ulimit", u.argument())));
    c.capAdd().forEach(cap -> argv.addAll(List.of("--cap-add", cap)));
    c.capDrop().forEach(cap -> argv.addAll(List.of("--cap-drop", cap)));
    if (c.privileged()) {
      argv.add("--privileged");
    }
    if (c.init()) {
      argv.add("--init");
    }
    argv.addAll(c.networkOptions());
    c.extraHosts().forEach(h -> argv.addAll(List.of("--add-host", h)));
    c.dns().forEach(d -> argv.addAll(List.of("--dns", d)));
    if (c.cpus() > 0) {
      argv.addAll(List.of("--cpus", Double.toString(c.cpus())));
    }
    if (c.memoryBytes() > 0) {
      argv.addAll(List.of("--memory", Long.toString(c.memoryBytes())));
    }
    option(argv, "--stop-signal", c.stopSignal());
    c.stopTimeout()
        .ifPresent(t -> argv.addAll(List.of("--stop-timeout", Long.toString(t.toSeconds()))));
    option(argv, "--log-driver", c.logDriver());
    new TreeMap<>(c.logOptions()).forEach((k, v) -> argv.addAll(List.of("--log-opt", k + "=" + v)));
    argv.add(c.image());
    c.entrypoint().filter(e -> e.size() > 1).ifPresent(e -> argv.addAll(e.subList(1, e.size())));
    c.command().ifPresent(argv::addAll);
    return argv;
  }

  private static void option(List<String> argv, String flag, String value) {
    if (!value.isEmpty()) {
      argv.addAll(List.of(flag, value));
    }
  }

  @Override
  public List<String> start(String id) {
    return cmd("start", id);
  }

  @Override
  public List<String> stop(String id, Optional<String> signal, Duration grace) {
    List<String> argv = cmd("stop");
    signal.filter(s -> !s.isEmpty()).ifPresent(s -> argv.addAll(List.of("--signal", s)));
    argv.addAll(List.of("--time", Long.toString(Math.max(0, grace.toSeconds())), id));
    return argv;
  }

  @Override
  public List<String> remove(String id) {
    return cmd("rm", "--force", id);
  }

  @Override
  public List<String> logs(String id, LogQuery query) {
    List<String> argv = cmd("logs", "--timestamps");
    if (query.tail() >= 0) {
      argv.addAll(List.of("--tail", Integer.toString(query.tail())));
    }
    query.since().ifPresent(s -> argv.addAll(List.of("--since", s.toString())));
    if (query.follow()) {
      argv.add("--follow");
    }
    argv.add(id);
    return argv;
  }

  @Override
  public List<String> events(Map<String, String> labels) {
    List<String> argv = cmd("events", "--filter", "type=container");
    new TreeMap<>(labels)
        .forEach((k, v) -> argv.addAll(List.of("--filter", "label=" + k + "=" + v)));
    argv.addAll(List.of("--format", jsonFormat()));
    return argv;
  }

  @Override
  public Optional<ContainerEvent> parseEvent(JsonNode e) {
    // docker: {"Type":"container","Action":"die","Actor":{"ID":..,"Attributes":{labels}}}
    String type = e.path("Type").asText("container");
    if (!type.equals("container")) {
      return Optional.empty();
    }
    JsonNode actor = e.path("Actor");
    String id = actor.path("ID").asText(e.path("id").asText(""));
    String action = e.path("Action").asText(e.path("status").asText(""));
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ContainerEvent(id, action, Json.stringMap(actor.path("Attributes"))));
  }

  @Override
  public List<String> exec(String id, List<String> command) {
    List<String> argv = cmd("exec", id);
    argv.addAll(command);
    return argv;
  }

  @Override
  public List<String> volumeInspect(String name) {
    return cmd("volume", "inspect", name);
  }

  @Override
  public List<String> volumeCreate(String name) {
    return cmd("volume", "create", name);
  }

  @Override
  public List<String> volumeRemove(String name) {
    return cmd("volume", "rm", name);
  }

  @Override
  public List<String> imageInspect(String image) {
    return cmd("image", "inspect", image);
  }

  @Override
  public List<String> info() {
    return cmd("info", "--format", jsonFormat());
  }

  @Override
  public Optional<Path> storageRoot(JsonNode info) {
    String dir = info.path("DockerRootDir").asText("");
    return dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir));
  }
}
