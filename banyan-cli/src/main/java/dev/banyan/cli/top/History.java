package dev.banyan.cli.top;

import java.util.ArrayList;
import java.util.List;

/**
 * The recent CPU and memory values of one container, oldest first, bounded to {@link #CAPACITY}
 * points: taken from the engine's series when it has them, else collected by {@code top} itself.
 */
public record History(List<Double> cpu, List<Double> memory) {
  /** Points kept: about five minutes at one poll every 1.5 s. */
  public static final int CAPACITY = 200;

  public History {
    cpu = List.copyOf(cpu);
    memory = List.copyOf(memory);
  }

  public static History empty() {
    return new History(List.of(), List.of());
  }

  /** This history with one more sample of each known value. */
  History append(double cpuValue, boolean hasCpu, double memoryValue, boolean hasMemory) {
    return new History(
        hasCpu ? bounded(cpu, cpuValue) : cpu, hasMemory ? bounded(memory, memoryValue) : memory);
  }

  private static List<Double> bounded(List<Double> values, double next) {
    int from = Math.max(0, values.size() + 1 - CAPACITY);
    List<Double> out = new ArrayList<>(values.size() + 1 - from);
    out.addAll(values.subList(from, values.size()));
    out.add(next);
    return out;
  }
}
