package dev.banyan.common.manifest.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of a manifest after reading: every value in its long form, {@code env_file} contents
 * merged into {@code environment}, bind sources absolute when a base directory is known. {@code
 * notActedOn} keeps valid Compose keys that Banyan parses but does not use, so normalized output
 * still shows them.
 */
public record Service(
    String name,
    Position position,
    Optional<String> image,
    Optional<Build> build,
    Optional<List<String>> command,
    Optional<List<String>> entrypoint,
    Map<String, String> environment,
    List<Port> ports,
    List<String> expose,
    List<ServiceVolume> volumes,
    List<Dependency> dependsOn,
    Optional<Healthcheck> healthcheck,
    Optional<RestartPolicy> restart,
    Optional<Deploy> deploy,
    Optional<Double> cpus,
    Optional<Long> memLimit,
    Optional<Long> memReservation,
    Optional<Long> memory,
    Map<String, String> labels,
    Optional<String> hostname,
    Optional<String> user,
    Optional<String> workingDir,
    Optional<String> stopSignal,
    Optional<Duration> stopGracePeriod,
    Map<String, List<String>> networks,
    List<FileRef> secrets,
    List<FileRef> configs,
    List<Ulimit> ulimits,
    List<String> capAdd,
    List<String> capDrop,
    Optional<Boolean> privileged,
    Optional<Boolean> init,
    List<String> tmpfs,
    List<String> extraHosts,
    List<String> dns,
    Optional<Logging> logging,
    List<String> profiles,
    Map<String, Object> notActedOn) {
  public Service {
    command = command.map(List::copyOf);
    entrypoint = entrypoint.map(List::copyOf);
    environment = Maps.copy(environment);
    ports = List.copyOf(ports);
    expose = List.copyOf(expose);
    volumes = List.copyOf(volumes);
    dependsOn = List.copyOf(dependsOn);
    labels = Maps.copy(labels);
    networks = Maps.copy(networks);
    secrets = List.copyOf(secrets);
    configs = List.copyOf(configs);
    ulimits = List.copyOf(ulimits);
    capAdd = List.copyOf(capAdd);
    capDrop = List.copyOf(capDrop);
    tmpfs = List.copyOf(tmpfs);
    extraHosts = List.copyOf(extraHosts);
    dns = List.copyOf(dns);
    profiles = List.copyOf(profiles);
    notActedOn = Maps.copy(notActedOn);
  }
}
