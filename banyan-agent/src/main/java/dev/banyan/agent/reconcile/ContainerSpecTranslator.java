package dev.banyan.agent.reconcile;

import dev.banyan.agent.node.UlimitPolicy;
import dev.banyan.agent.runtime.ContainerConfig;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.FileMount;
import dev.banyan.proto.v1.Mount;
import dev.banyan.proto.v1.PortMapping;
import dev.banyan.proto.v1.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a task into the {@link ContainerConfig} to create: Banyan's labels and name, host-safe
 * ulimits, and secret/config files written under the agent's state directory and bind-mounted
 * read-only.
 */
public final class ContainerSpecTranslator {
  private final String node;
  private final Path filesDir;
  private final UlimitPolicy ulimits;
  private final NetworkAttachment network;
  private final boolean meshOwnsTcpPorts;

  /**
   * Containers attached to the network {@code network} names for their deployment. {@code
   * meshOwnsTcpPorts}: the routing mesh listens on published TCP ports and forwards to the
   * container's address, so the runtime must not publish them too (UDP ports are still published).
   */
  public ContainerSpecTranslator(
      String node,
      Path dataDir,
      UlimitPolicy ulimits,
      NetworkAttachment network,
      boolean meshOwnsTcpPorts) {
    this.node = node;
    this.filesDir = dataDir.resolve("files");
    this.ulimits = ulimits;
    this.network = network;
    this.meshOwnsTcpPorts = meshOwnsTcpPorts;
  }

  /** The named volumes the task mounts; they are created before the container. */
  public static List<String> namedVolumes(Task task) {
    return task.getSpec().getMountsList().stream()
        .filter(m -> m.getType() == Mount.Type.TYPE_VOLUME)
        .map(Mount::getSource)
        .toList();
  }

  /** The configuration, without writing anything. */
  public ContainerConfig config(Task task) {
    ContainerSpec s = task.getSpec();
    List<ContainerConfig.Port> ports = new ArrayList<>();
    for (PortMapping p : s.getPortsList()) {
      boolean tcp = p.getProtocol().isEmpty() || p.getProtocol().equalsIgnoreCase("tcp");
      if (p.getHostPort() != 0 && !(meshOwnsTcpPorts && tcp)) {
        ports.add(
            new ContainerConfig.Port(
                p.getHostIp(), p.getHostPort(), p.getContainerPort(), p.getProtocol()));
      }
    }
    List<ContainerConfig.Volume> volumes = new ArrayList<>();
    List<String> tmpfs = new ArrayList<>();
    for (Mount m : s.getMountsList()) {
      switch (m.getType()) {
        case TYPE_TMPFS -> tmpfs.add(m.getTarget());
        case TYPE_VOLUME, TYPE_BIND ->
            volumes.add(new ContainerConfig.Volume(m.getSource(), m.getTarget(), m.getReadOnly()));
        default -> throw new IllegalArgumentException("mount of unknown type at " + m.getTarget());
      }
    }
    for (int i = 0; i < s.getFilesCount(); i++) {
      FileMount f = s.getFiles(i);
      volumes.add(new ContainerConfig.Volume(filePath(task, i, f).toString(), f.getTarget(), true));
    }
    List<ContainerConfig.Ulimit> requested =
        s.getUlimitsList().stream()
            .map(u -> new ContainerConfig.Ulimit(u.getName(), u.getSoft(), u.getHard()))
            .toList();
    Optional<Duration> stopTimeout =
        s.hasStopGracePeriod()
            ? Optional.of(Duration.ofSeconds(s.getStopGracePeriod().getSeconds()))
            : Optional.empty();
    return new ContainerConfig(
        TaskLabels.containerName(task),
        s.getImage(),
        s.hasEntrypoint() ? Optional.of(s.getEntrypoint().getArgsList()) : Optional.empty(),
        s.hasCommand() ? Optional.of(s.getCommand().getArgsList()) : Optional.empty(),
        s.getEnvMap(),
        TaskLabels.forTask(task, node),
        ports,
        volumes,
        tmpfs,
        s.getUser(),
        s.getWorkingDir(),
        s.getHostname(),
        ulimits.apply(requested).ulimits(),
        s.getCapAddList(),
        s.getCapDropList(),
        s.getPrivileged(),
        s.getInit(),
        s.getExtraHostsList(),
        s.getDnsList(),
        s.getResources().getCpuLimit(),
        s.getResources().getMemoryLimitBytes(),
        s.getStopSignal(),
        stopTimeout,
        s.getLogging().getDriver(),
        s.getLogging().getOptionsMap(),
        network.options(task.getDeployment()));
  }

  /** Writes the task's secret and config files (mode 0600) where {@link #config} mounts them. */
  public void writeFiles(Task task) {
    try {
      for (int i = 0; i < task.getSpec().getFilesCount(); i++) {
        FileMount f = task.getSpec().getFiles(i);
        Path path = filePath(task, i, f);
        Files.createDirectories(
            path.getParent(),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, f.getContent().toByteArray());
        Files.move(
            tmp,
            path,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the files of task " + task.getId(), e);
    }
  }

  /** Deletes the task's files once its container is gone. */
  public void deleteFiles(String taskId) {
    Path dir = filesDir.resolve(safe(taskId));
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the files of task " + taskId, e);
    }
  }

  private Path filePath(Task task, int index, FileMount f) {
    return filesDir.resolve(safe(task.getId())).resolve(index + "-" + safe(f.getName()));
  }

  private static String safe(String s) {
    String cleaned = s.replaceAll("[^a-zA-Z0-9_.-]", "_");
    return cleaned.isEmpty() || cleaned.startsWith(".") ? "_" + cleaned : cleaned;
  }
}
