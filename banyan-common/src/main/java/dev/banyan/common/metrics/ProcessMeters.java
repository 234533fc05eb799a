package dev.banyan.common.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import java.lang.management.ManagementFactory;

/**
 * Process meters under their standard Prometheus names ({@code process_cpu_seconds_total}), plus
 * JVM memory and threads. Micrometer's own processor binder names CPU time in nanoseconds, which
 * promtool rejects as an abbreviated unit.
 */
public final class ProcessMeters {
  private ProcessMeters() {}

  /** Registers the meters. */
  public static void bindTo(MeterRegistry registry) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    FunctionCounter.builder("process.cpu.seconds", os, o -> o.getProcessCpuTime() / 1e9)
        .description("CPU time used by this process")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
  }
}
