package dev.banyan.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A runtime-neutral description of a container to create; each {@link Dialect} turns it into the
 * argv of its CLI.
 */
public record ContainerConfig(
    String name,
    String image,
    Optional<List<String>> entrypoint,
    Optional<List<String>> command,
    Map<String, String> env,
    Map<String, String> labels,
    List<Port> ports,
    List<Volume> volumes,
    List<String> tmpfs,
    String user,
    String workingDir,
    String hostname,
    List<Ulimit> ulimits,
    List<String> capAdd,
    List<String> capDrop,
    boolean privileged,
    boolean init,
    List<String> extraHosts,
    List<String> dns,
    double cpus,
    long memoryBytes,
    String stopSignal,
    Optional<Duration> stopTimeout,
    String logDriver,
    Map<String, String> logOptions,
    List<String> networkOptions) {

  public ContainerConfig {
    entrypoint = entrypoint.map(List::copyOf);
    command = command.map(List::copyOf);
    env = Map.copyOf(env);
    labels = Map.copyOf(labels);
    ports = List.copyOf(ports);
    volumes = List.copyOf(volumes);
    tmpfs = List.copyOf(tmpfs);
    ulimits = List.copyOf(ulimits);
    capAdd = List.copyOf(capAdd);
    capDrop = List.copyOf(capDrop);
    extraHosts = List.copyOf(extraHosts);
    dns = List.copyOf(dns);
    logOptions = Map.copyOf(logOptions);
    networkOptions = List.copyOf(networkOptions);
  }

  /** A minimal configuration: image, name and labels, everything else left to the image. */
  public static ContainerConfig of(String name, String image, Map<String, String> labels) {
    return new ContainerConfig(
        name,
        image,
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        labels,
        List.of(),
        List.of(),
        List.of(),
        "",
        "",
        "",
        List.of(),
        List.of(),
        List.of(),
        false,
        false,
        List.of(),
        List.of(),
        0,
        0,
        "",
        Optional.empty(),
        "",
        Map.of(),
        List.of());
  }

  /** A copy with another command. */
  public ContainerConfig withCommand(List<String> newCommand) {
    return new ContainerConfig(
        name,
        image,
        entrypoint,
        Optional.of(newCommand),
        env,
        labels,
        ports,
        volumes,
        tmpfs,
        user,
        workingDir,
        hostname,
        ulimits,
        capAdd,
        capDrop,
        privileged,
        init,
        extraHosts,
        dns,
        cpus,
        memoryBytes,
        stopSignal,
        stopTimeout,
        logDriver,
        logOptions,
        networkOptions);
  }

  /** A copy with other ulimits. */
  public ContainerConfig withUlimits(List<Ulimit> newUlimits) {
    return new ContainerConfig(
        name,
        image,
        entrypoint,
        command,
        env,
        labels,
        ports,
        volumes,
        tmpfs,
        user,
        workingDir,
        hostname,
        newUlimits,
        capAdd,
        capDrop,
        privileged,
        init,
        extraHosts,
        dns,
        cpus,
        memoryBytes,
        stopSignal,
        stopTimeout,
        logDriver,
        logOptions,
        networkOptions);
  }

  /** A copy with another init flag and stop timeout. */
  public ContainerConfig withInit(boolean newInit, Optional<Duration> newStopTimeout) {
    return new ContainerConfig(
        name,
        image,
        entrypoint,
        command,
        env,
        labels,
        ports,
        volumes,
        tmpfs,
        user,
        workingDir,
        hostname,
        ulimits,
        capAdd,
        capDrop,
        privileged,
        newInit,
        extraHosts,
        dns,
        cpus,
        memoryBytes,
        stopSignal,
        newStopTimeout,
        logDriver,
        logOptions,
        networkOptions);
  }

  /**
   * A copy attached to a network: {@code options} are the runtime's network arguments (e.g. {@code
   * --network banyan-n1 --dns 10.210.0.1 --dns-search shop.banyan}), shared by every CLI.
   */
  public ContainerConfig withNetworkOptions(List<String> options) {
    return new ContainerConfig(
        name,
        image,
        entrypoint,
        command,
        env,
        labels,
        ports,
        volumes,
        tmpfs,
        user,
        workingDir,
        hostname,
        ulimits,
        capAdd,
        capDrop,
        privileged,
        init,
        extraHosts,
        dns,
        cpus,
        memoryBytes,
        stopSignal,
        stopTimeout,
        logDriver,
        logOptions,
        options);
  }

  /** A port published on the host: {@code hostIp:hostPort:containerPort/protocol}. */
  public record Port(String hostIp, int hostPort, int containerPort, String protocol) {}

  /** A named volume or a host path mounted at {@code target}. */
  public record Volume(String source, String target, boolean readOnly) {}

  /** A resource limit, e.g. {@code nofile=1024:2048}. */
  public record Ulimit(String name, long soft, long hard) {
    /** The {@code name=soft:hard} form every CLI accepts. */
    public String argument() {
      return name + "=" + soft + ":" + hard;
    }
  }
}
