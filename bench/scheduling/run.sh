#!/usr/bin/env bash
# Benchmark (not a test): scheduling throughput. Starts etcd and an engine, then SchedBench.java
# registers NODES simulated agents over the real Dispatcher gRPC API (a bench-only simulated
# runtime, never part of the product), deploys SERVICES x REPLICAS tasks through the Control API
# and times until etcd holds an assignment for every task. Baseline: raw jetcd Txn puts of the
# same number of keys in batches of 100 against the same etcd, same run.
# Usage: bench/scheduling/run.sh [NODES [SERVICES [REPLICAS]]]   (default 1000 100 1000)
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
nodes="${1:-1000}"
services="${2:-100}"
replicas="${3:-1000}"
bench_init scheduling
start_etcd
# A /8 so that every simulated node gets its /24 subnet lease, as a real node would. Heartbeats
# every 10 s (node timeout 60 s) instead of 2 s / 6 s: this measures placement, and 1,000
# simulated nodes at the default period are 1,500 etcd requests/s of heartbeats on one machine.
start_engine --cluster-cidr 10.0.0.0/8 --node-subnet-size 24 \
  --heartbeat-period "${BENCH_HEARTBEAT:-10s}" --node-timeout "${BENCH_NODE_TIMEOUT:-60s}"
# In the background and tracked like the cluster's processes, so that a failed run (whose
# heartbeat threads would keep the JVM alive) is stopped by the cleanup too.
bench_spawn result "${JAVA:-java}" ${BENCH_JAVA_OPTS:-} \
  -cp "$bench_root/banyan-engine/target/banyan-engine.jar" "$bench_root/bench/scheduling/SchedBench.java" \
  "$bench_engine" "$bench_etcd" "$(bench_password)" "$nodes" "$services" "$replicas"
tail -n +1 -f "$bench_dir/result.log" --pid "$(bench_pid result)"
grep -q '^RESULT ' "$bench_dir/result.log" || die "SchedBench failed; see $bench_dir/result.log"
echo "engine RSS after the run: $(rss_mib "$(bench_pid engine)") MiB"
