#!/usr/bin/env bash
# Benchmark (not a test): failure handling. Two agents, a service with 4 replicas spread over both;
# `kill -9` one agent and time (a) until `banyan-cli nodes -o json` says DOWN and (b) until every
# replica is RUNNING on the surviving node. Baseline: the engine's --node-timeout (the configured
# time a node may miss heartbeats). RUNS times (default 5) on a fresh pair of agents each time.
# Usage: bench/failover/run.sh [RUNS]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
runs="${1:-5}"
node_timeout_s=6 # the engine's default --node-timeout; passed explicitly below
heartbeat_s=2
image=localhost/banyan-busybox:latest
"$bench_root/scripts/build-busybox-image.sh" "$image"
bench_init failover
start_etcd
start_engine --node-timeout "${node_timeout_s}s" --heartbeat-period "${heartbeat_s}s"
# An engine that has just taken over its controllers marks no node DOWN for three node timeouts
# (agents get that long to register again; see NodeFailureHandler). Kills before then measure
# that grace, not a failure in a running cluster, so the first kill waits for it to pass.
grace_ends=$(($(now_ms) + 3 * node_timeout_s * 1000 + 1000))
cat >"$bench_dir/compose.yaml" <<YAML
name: failover
services:
  web:
    image: $image
    command: ["httpd", "-f", "-p", "80", "-h", "/var/www"]
    stop_grace_period: 1s
    deploy:
      replicas: 4
      resources:
        reservations: {cpus: "0.1", memory: 32m}
YAML

# RUNNING tasks of the deployment per node, as "node count" lines.
running_by_node() {
  cli ps failover -o json 2>/dev/null | jq -r '.[] | select(.status.state == "TASK_STATE_RUNNING" and .desired_state == "TASK_STATE_RUNNING") | .node' | sort | uniq -c
}

down=() moved=()
agent=0
for r in $(seq "$runs"); do
  a=$((agent + 1)) b=$((agent + 2))
  agent=$b
  start_agent "$a" --capacity-cpus 8 --capacity-memory 8g
  start_agent "$b" --capacity-cpus 8 --capacity-memory 8g
  wait_nodes_ready 2
  cli deploy -f "$bench_dir/compose.yaml" --timeout 120 >/dev/null
  victim="$(node_name "$a")"
  survivor="$(node_name "$b")"
  # The scheduler spreads the replicas; wait until the victim has some RUNNING.
  for _ in $(seq 100); do
    running_by_node | grep -q " $victim\$" && break
    sleep 0.2
  done
  running_by_node | grep -q " $victim\$" || die "no replica runs on $victim"
  while [ "$(now_ms)" -lt "$grace_ends" ]; do sleep 0.2; done
  start=$(now_ms)
  kill -9 "$(bench_pid "agent-$a")"
  t_down=""
  t_moved=""
  while [ -z "$t_down" ] || [ -z "$t_moved" ]; do
    now=$(($(now_ms) - start))
    [ "$now" -gt 120000 ] && die "run $r: no failover within 120 s"
    if [ -z "$t_down" ] && [ "$(node_state "$victim")" = DOWN ]; then t_down=$now; fi
    if [ -z "$t_moved" ] && [ "$(running_by_node | awk -v n="$survivor" '$2 == n {print $1}')" = 4 ]; then
      t_moved=$now
    fi
    sleep 0.1
  done
  down+=("$t_down")
  moved+=("$t_moved")
  say "run $r: DOWN after $t_down ms, all 4 replicas RUNNING on $survivor after $t_moved ms"
  # Tear down: the deployment, the surviving agent, the dead agent's containers, both nodes.
  cli down failover >/dev/null
  kill "$(bench_pid "agent-$b")"
  for _ in $(seq 100); do kill -0 "$(bench_pid "agent-$b")" 2>/dev/null || break; sleep 0.1; done
  remove_node_containers
  cli nodes rm "$victim" >/dev/null 2>&1 || true
  for _ in $(seq 100); do [ "$(node_state "$survivor")" = DOWN ] && break; sleep 0.2; done
  cli nodes rm "$survivor" >/dev/null 2>&1 || true
done
md="$(median "${down[@]}")"
mm="$(median "${moved[@]}")"
echo
echo "failover after kill -9 of one of 2 agents (4 replicas), median of $runs runs"
printf '| %-40s | %8s | %s |\n' measure "median" "ratio to --node-timeout ${node_timeout_s} s"
printf '| %-40s | %6s ms | %s |\n' "node DOWN (banyan-cli nodes -o json)" "$md" "$(awk -v a="$md" -v b="$node_timeout_s" 'BEGIN {printf "%.2fx", a/1000/b}')"
printf '| %-40s | %6s ms | %s |\n' "its replicas RUNNING on the other node" "$mm" "$(awk -v a="$mm" -v b="$node_timeout_s" 'BEGIN {printf "%.2fx", a/1000/b}')"
echo "targets: DOWN <= 10 s, replacements RUNNING <= 15 s; heartbeat period ${heartbeat_s} s"
echo "all runs (ms): DOWN ${down[*]}; RUNNING elsewhere ${moved[*]}"
