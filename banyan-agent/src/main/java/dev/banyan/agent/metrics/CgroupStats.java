package dev.banyan.agent.metrics;

/**
 * One container's usage as read from its cgroup.
 *
 * @param memoryLimitBytes 0 when unlimited
 */
public record CgroupStats(
    double cpuSeconds,
    long memoryUsageBytes,
    long memoryLimitBytes,
    long blockReadBytes,
    long blockWriteBytes) {}
