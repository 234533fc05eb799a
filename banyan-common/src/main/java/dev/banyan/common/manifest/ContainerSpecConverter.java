package dev.banyan.common.manifest;

import com.google.protobuf.ByteString;
import dev.banyan.common.deploy.ServiceDeployment;
import dev.banyan.common.manifest.model.Dependency;
import dev.banyan.common.manifest.model.FileDef;
import dev.banyan.common.manifest.model.FileRef;
import dev.banyan.common.manifest.model.Healthcheck;
import dev.banyan.common.manifest.model.Manifest;
import dev.banyan.common.manifest.model.Port;
import dev.banyan.common.manifest.model.ResourceSpec;
import dev.banyan.common.manifest.model.RestartPolicy;
import dev.banyan.common.manifest.model.Service;
import dev.banyan.common.manifest.model.ServiceVolume;
import dev.banyan.common.manifest.model.Ulimit;
import dev.banyan.common.manifest.model.VolumeDef;
import dev.banyan.proto.v1.Argv;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.FileMount;
import dev.banyan.proto.v1.HealthCheck;
import dev.banyan.proto.v1.LogConfig;
import dev.banyan.proto.v1.Mount;
import dev.banyan.proto.v1.PlacementSpec;
import dev.banyan.proto.v1.PortMapping;
import dev.banyan.proto.v1.Resources;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts a validated {@link Service} into the {@link ServiceDeployment} the engine orchestrates
 * (see docs/manifest.md for the rules: volume scoping, restart default, resources).
 */
final class ContainerSpecConverter {
  static final int SECRET_MODE = 0400;
  static final int CONFIG_MODE = 0444;

  private final String deployment;
  private final Manifest manifest;
  private final Map<String, byte[]> files;

  ContainerSpecConverter(String deployment, Manifest manifest, Map<String, byte[]> files) {
    this.deployment = deployment;
    this.manifest = manifest;
    this.files = files;
  }

  ServiceDeployment convert(Service s) {
    ContainerSpec.Builder c = ContainerSpec.newBuilder().setImage(s.image().orElse(""));
    s.command().ifPresent(a -> c.setCommand(Argv.newBuilder().addAllArgs(a)));
    s.entrypoint().ifPresent(a -> c.setEntrypoint(Argv.newBuilder().addAllArgs(a)));
    c.putAllEnv(s.environment());
    for (Port p : s.ports()) {
      c.addPorts(
          PortMapping.newBuilder()
              .setHostIp(p.hostIp())
              .setHostPort(p.published())
              .setContainerPort(p.target())
              .setProtocol(p.protocol()));
    }
    for (ServiceVolume v : s.volumes()) {
      c.addMounts(mount(v));
    }
    for (String t : s.tmpfs()) {
      c.addMounts(Mount.newBuilder().setType(Mount.Type.TYPE_TMPFS).setTarget(t));
    }
    c.putAllLabels(s.labels());
    s.user().ifPresent(c::setUser);
    s.workingDir().ifPresent(c::setWorkingDir);
    s.hostname().ifPresent(c::setHostname);
    for (Ulimit u : s.ulimits()) {
      c.addUlimits(
          dev.banyan.proto.v1.Ulimit.newBuilder()
              .setName(u.name())
              .setSoft(u.soft())
              .setHard(u.hard()));
    }
    s.stopSignal().ifPresent(c::setStopSignal);
    s.stopGracePeriod().ifPresent(d -> c.setStopGracePeriod(proto(d)));
    c.setRestart(restart(s));
    s.healthcheck()
        .filter(h -> !h.disabled() && h.test().isPresent())
        .ifPresent(h -> c.setHealthCheck(health(h)));
    c.setResources(resources(s));
    c.addAllCapAdd(s.capAdd());
    c.addAllCapDrop(s.capDrop());
    s.privileged().ifPresent(c::setPrivileged);
    s.init().ifPresent(c::setInit);
    c.addAllExtraHosts(s.extraHosts());
    c.addAllDns(s.dns());
    Set<String> aliases = new LinkedHashSet<>();
    s.networks().values().forEach(aliases::addAll);
    c.addAllNetworkAliases(aliases);
    s.logging()
        .ifPresent(
            l ->
                c.setLogging(
                    LogConfig.newBuilder()
                        .setDriver(l.driver().orElse(""))
                        .putAllOptions(l.options())));
    for (Dependency d : s.dependsOn()) {
      c.addDependsOn(
          dev.banyan.proto.v1.Dependency.newBuilder()
              .setService(d.service())
              .setCondition(
                  switch (d.condition()) {
                    case SERVICE_STARTED ->
                        dev.banyan.proto.v1.Dependency.Condition.CONDITION_STARTED;
                    case SERVICE_HEALTHY ->
                        dev.banyan.proto.v1.Dependency.Condition.CONDITION_HEALTHY;
                    case SERVICE_COMPLETED_SUCCESSFULLY ->
                        dev.banyan.proto.v1.Dependency.Condition.CONDITION_COMPLETED_SUCCESSFULLY;
                  })
              .setRequired(d.required()));
    }
    for (FileRef r : s.secrets()) {
      c.addFiles(file(r, manifest.secrets().get(r.source()), "/run/secrets/", SECRET_MODE));
    }
    for (FileRef r : s.configs()) {
      c.addFiles(file(r, manifest.configs().get(r.source()), "/", CONFIG_MODE));
    }
    c.addAllExpose(s.expose());
    int replicas = s.deploy().flatMap(d -> d.replicas()).orElse(1);
    List<String> constraints = s.deploy().map(d -> d.constraints()).orElse(List.of());
    return new ServiceDeployment(
        s.name(),
        replicas,
        c.build(),
        PlacementSpec.newBuilder().addAllConstraints(constraints).build());
  }

  private Mount mount(ServiceVolume v) {
    Mount.Builder m = Mount.newBuilder().setTarget(v.target()).setReadOnly(v.readOnly());
    switch (v.type()) {
      case BIND -> m.setType(Mount.Type.TYPE_BIND).setSource(v.source());
      case TMPFS -> m.setType(Mount.Type.TYPE_TMPFS);
      case VOLUME -> m.setType(Mount.Type.TYPE_VOLUME).setSource(volumeName(v.source()));
    }
    return m.build();
  }

  /** Named volumes are scoped to the deployment unless external or given an explicit name. */
  String volumeName(String key) {
    if (key.isEmpty()) {
      return ""; // anonymous volume: the runtime names it
    }
    VolumeDef def = manifest.volumes().get(key);
    if (def != null && def.name().isPresent()) {
      return def.name().get();
    }
    if (def != null && def.external()) {
      return key;
    }
    return deployment + "_" + key;
  }

  private static dev.banyan.proto.v1.RestartPolicy restart(Service s) {
    var b = dev.banyan.proto.v1.RestartPolicy.newBuilder();
    Optional<RestartPolicy> deploy = s.deploy().flatMap(d -> d.restartPolicy());
    Optional<RestartPolicy> policy = deploy.or(s::restart);
    if (policy.isEmpty()) {
      return b.setCondition(dev.banyan.proto.v1.RestartPolicy.Condition.CONDITION_ALWAYS).build();
    }
    RestartPolicy p = policy.get();
    b.setCondition(
        switch (p.condition()) {
          case "no", "none" -> dev.banyan.proto.v1.RestartPolicy.Condition.CONDITION_NO;
          case "on-failure" -> dev.banyan.proto.v1.RestartPolicy.Condition.CONDITION_ON_FAILURE;
          case "unless-stopped" ->
              dev.banyan.proto.v1.RestartPolicy.Condition.CONDITION_UNLESS_STOPPED;
          default -> dev.banyan.proto.v1.RestartPolicy.Condition.CONDITION_ALWAYS;
        });
    p.maxAttempts().ifPresent(b::setMaxAttempts);
    p.delay().ifPresent(d -> b.setDelay(proto(d)));
    p.window().ifPresent(d -> b.setWindow(proto(d)));
    return b.build();
  }

  private static HealthCheck health(Healthcheck h) {
    HealthCheck.Builder b = HealthCheck.newBuilder().addAllTest(h.test().orElse(List.of()));
    h.interval().ifPresent(d -> b.setInterval(proto(d)));
    h.timeout().ifPresent(d -> b.setTimeout(proto(d)));
    h.retries().ifPresent(b::setRetries);
    h.startPeriod().ifPresent(d -> b.setStartPeriod(proto(d)));
    h.startInterval().ifPresent(d -> b.setStartInterval(proto(d)));
    return b.build();
  }

  private static Resources resources(Service s) {
    ResourceSpec limits = s.deploy().map(d -> d.limits()).orElse(ResourceSpec.NONE);
    ResourceSpec reservations = s.deploy().map(d -> d.reservations()).orElse(ResourceSpec.NONE);
    return Resources.newBuilder()
        .setCpuLimit(limits.cpus().or(s::cpus).orElse(0.0))
        .setMemoryLimitBytes(limits.memoryBytes().or(s::memLimit).orElse(0L))
        .setCpuReservation(reservations.cpus().orElse(0.0))
        .setMemoryReservationBytes(
            reservations.memoryBytes().or(s::memReservation).or(s::memory).orElse(0L))
        .build();
  }

  private FileMount file(FileRef r, FileDef def, String dir, int defaultMode) {
    byte[] content = files.get(def.file());
    return FileMount.newBuilder()
        .setName(r.source())
        .setContent(ByteString.copyFrom(content))
        .setTarget(ManifestWriter.target(r, dir))
        .setMode(r.mode().orElse(defaultMode))
        .build();
  }

  static com.google.protobuf.Duration proto(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }
}
