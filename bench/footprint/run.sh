#!/usr/bin/env bash
# Benchmark (not a test): footprint.
#   agent RSS idle (registered, no containers) and with 100 busybox `sleep` containers
#   engine RSS with 10,000 tasks (on simulated nodes: bench/scheduling/SchedBench.java)
#   wall time of `banyan-cli status` (median of 10, after one run that may create the CDS archive)
# Baselines, same run: RSS of an idle JVM (`java -Xshare:auto` sleeping in jshell-free Sleep.java)
# and the wall time of `podman ps`.
# Usage: bench/footprint/run.sh [CONTAINERS]   (default 100)
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
containers="${1:-100}"
image=localhost/banyan-busybox:latest
"$bench_root/scripts/build-busybox-image.sh" "$image"
bench_init footprint
start_etcd
start_engine --cluster-cidr 10.0.0.0/8 --node-subnet-size 24
start_agent 1 --capacity-cpus 64 --capacity-memory 64g
# The same agent without the JVM defaults of bin/banyan-agent, idle, for the before/after figure.
BANYAN_AGENT_JVM_OPTS="" start_agent 2 --capacity-cpus 64 --capacity-memory 64g
wait_nodes_ready 2
agent_pid="$(bench_pid agent-1)"
cli nodes drain "$(node_name 2)" >/dev/null
engine_pid="$(bench_pid engine)"

# Baseline JVM: the smallest Java program that stays alive, with the same java and defaults.
mkdir -p "$bench_dir/idle"
printf 'public class Idle { public static void main(String[] a) throws Exception { Thread.sleep(600000); } }\n' \
  >"$bench_dir/idle/Idle.java"
"${JAVA_HOME:+$JAVA_HOME/bin/}javac" -d "$bench_dir/idle" "$bench_dir/idle/Idle.java"
bench_spawn idle "${JAVA:-java}" -cp "$bench_dir/idle" Idle
sleep 3
idle_jvm="$(rss_mib "$(bench_pid idle)")"
kill "$(bench_pid idle)"

sleep 10 # let the agent settle (a few heartbeats and resyncs)
agent_idle="$(rss_mib "$agent_pid")"
agent_idle_plain="$(rss_mib "$(bench_pid agent-2)")"
engine_idle="$(rss_mib "$engine_pid")"

cat >"$bench_dir/sleepers.yaml" <<YAML
name: sleepers
services:
  sleep:
    image: $image
    command: ["sleep", "3600"]
    init: true
    stop_grace_period: 1s
    deploy:
      replicas: $containers
      resources:
        reservations: {cpus: "0.01", memory: 4m}
YAML
say "deploying $containers containers"
cli deploy -f "$bench_dir/sleepers.yaml" --timeout 600 >/dev/null
on_cleanup 'cli down sleepers >/dev/null 2>&1'
sleep 20 # a few reconcile passes and heartbeats with all containers running
agent_busy="$(rss_mib "$agent_pid")"
agent_threads="$(ls /proc/"$agent_pid"/task | wc -l)"

# banyan-cli status wall time vs podman ps (both list the same containers); the CLI with its
# wrapper's start-up tuning (CDS archive in a fresh cache dir, written by the first run) and
# without (BANYAN_CLI_TUNING=0: plain java -jar).
export BANYAN_CACHE_DIR="$bench_dir/cache"
cli status >/dev/null # writes the CDS archive
t_status=() t_plain=() t_ps=()
for _ in $(seq 10); do
  s=$(now_ms); cli status >/dev/null; t_status+=($(($(now_ms) - s)))
  s=$(now_ms); BANYAN_CLI_TUNING=0 cli status >/dev/null; t_plain+=($(($(now_ms) - s)))
  s=$(now_ms); podman ps >/dev/null; t_ps+=($(($(now_ms) - s)))
done
status_ms="$(median "${t_status[@]}")"
plain_ms="$(median "${t_plain[@]}")"
ps_ms="$(median "${t_ps[@]}")"
say "removing the containers"
cli down sleepers >/dev/null

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1fx", a/b}'; }
echo
echo "footprint (RSS from /proc/PID/status VmRSS; JAVA_OPTS: ${BANYAN_JAVA_OPTS:-none})"
printf '| %-44s | %10s | %s |\n' measure value "ratio to baseline"
printf '| %-44s | %6s MiB | %s |\n' "idle JVM (baseline)" "$idle_jvm" "1.0x"
printf '| %-44s | %6s MiB | %s |\n' "agent, idle, plain java -jar (before)" "$agent_idle_plain" "$(ratio "$agent_idle_plain" "$idle_jvm")"
printf '| %-44s | %6s MiB | %s |\n' "agent, idle (target <= 80 MiB)" "$agent_idle" "$(ratio "$agent_idle" "$idle_jvm")"
printf '| %-44s | %6s MiB | %s |\n' "agent, $containers containers (target <= 128 MiB)" "$agent_busy" "$(ratio "$agent_busy" "$idle_jvm")"
printf '| %-44s | %6s MiB | %s |\n' "engine, idle with 2 nodes" "$engine_idle" "$(ratio "$engine_idle" "$idle_jvm")"
printf '| %-44s | %7s ms | %s |\n' "podman ps (baseline)" "$ps_ms" "1.0x"
printf '| %-44s | %7s ms | %s |\n' "banyan-cli status, plain java -jar (before)" "$plain_ms" "$(ratio "$plain_ms" "$ps_ms")"
printf '| %-44s | %7s ms | %s |\n' "banyan-cli status, median of 10 (<= 300 ms)" "$status_ms" "$(ratio "$status_ms" "$ps_ms")"
echo "threads: agent $agent_threads with $containers containers"
echo "all runs (ms): status ${t_status[*]}; plain ${t_plain[*]}; podman ps ${t_ps[*]}"

# Engine with 10,000 tasks on 100 simulated nodes (100 x 100); the real agent is drained so that
# only simulated nodes take them.
cli nodes drain "$(node_name 1)" >/dev/null
say "engine with 10,000 tasks (simulated nodes)"
timeout 300 "${JAVA:-java}" -cp "$bench_root/banyan-engine/target/banyan-engine.jar" \
  "$bench_root/bench/scheduling/SchedBench.java" \
  "$bench_engine" "$bench_etcd" "$(bench_password)" 100 10 1000 >"$bench_dir/sched.txt" 2>&1 \
  || die "SchedBench failed: $(tail -5 "$bench_dir/sched.txt")"
engine_10k="$(rss_mib "$engine_pid")"
engine_threads="$(ls /proc/"$engine_pid"/task | wc -l)"

printf '| %-44s | %6s MiB | %s |\n' "engine, 10,000 tasks on 100 simulated nodes" "$engine_10k" "$(ratio "$engine_10k" "$idle_jvm")"
echo "threads: engine $engine_threads with 10,000 tasks"
