package dev.banyan.agent.node;

import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeUsage;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Reads what the engine needs to know about this server: capacity, usage, its address. */
public final class NodeFacts {
  private NodeFacts() {}

  /** CPU cores, memory and the disk holding the runtime's storage. */
  public static NodeResources capacity(Path storageRoot) {
    long disk = 0;
    try {
      disk = Files.getFileStore(existing(storageRoot)).getTotalSpace();
    } catch (IOException e) {
      // Unknown disk: report 0 rather than guess.
    }
    return NodeResources.newBuilder()
        .setCpuCores(Runtime.getRuntime().availableProcessors())
        .setMemoryBytes(meminfo("MemTotal:"))
        .setDiskBytes(disk)
        .build();
  }

  /**
   * The capacity to report: what is detected, with the operator's {@code --capacity-cpus} / {@code
   * --capacity-memory} overrides (0: detect) for hosts that misreport and for tests.
   */
  public static NodeResources capacity(Path storageRoot, double cpusOverride, long memoryOverride) {
    NodeResources detected = capacity(storageRoot);
    NodeResources.Builder b = detected.toBuilder();
    if (cpusOverride > 0) {
      b.setCpuCores(cpusOverride);
    }
    if (memoryOverride > 0) {
      b.setMemoryBytes(memoryOverride);
    }
    return b.build();
  }

  /** Current usage of the node. */
  public static NodeUsage usage(Path storageRoot, int containers) {
    long free = 0;
    try {
      free = Files.getFileStore(existing(storageRoot)).getUsableSpace();
    } catch (IOException e) {
      // Unknown: 0.
    }
    double load = 0;
    try {
      load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ", -1)[0]);
    } catch (IOException | NumberFormatException e) {
      // Unknown: 0.
    }
    return NodeUsage.newBuilder()
        .setMemoryAvailableBytes(meminfo("MemAvailable:"))
        .setDiskFreeBytes(free)
        .setLoadAverage1M(load)
        .setContainerCount(containers)
        .build();
  }

  private static Path existing(Path p) {
    Path cur = p;
    while (cur != null && !Files.exists(cur)) {
      cur = cur.getParent();
    }
    return cur == null ? Path.of("/") : cur;
  }

  private static long meminfo(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith(key)) {
          String[] f = line.substring(key.length()).trim().split("\\s+", -1);
          return Long.parseLong(f[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Unknown: 0.
    }
    return 0;
  }

  /** The first non-loopback IPv4 address of this host, or 127.0.0.1 if it has none. */
  public static String defaultAdvertiseAddress() {
    try {
      List<NetworkInterface> nics = Collections.list(NetworkInterface.getNetworkInterfaces());
      nics.sort(Comparator.comparingInt(NetworkInterface::getIndex));
      for (NetworkInterface nic : nics) {
        if (!nic.isUp()
            || nic.isLoopback()
            || nic.getName().startsWith("podman")
            || nic.getName().startsWith("veth")
            || nic.getName().startsWith("cni")) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // No interfaces readable: fall back to loopback.
    }
    return "127.0.0.1";
  }
}
