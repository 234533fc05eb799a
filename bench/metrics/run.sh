#!/usr/bin/env bash
# Benchmark (not a test): the agent's metrics collection overhead with N containers (default 50):
# CPU seconds of the collecting process per minute vs the same process idle with collection off.
# Starts N busybox containers labelled as one Banyan node, removes them afterwards.
# Usage: bench/metrics/run.sh [CONTAINERS] [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
jar="${BANYAN_AGENT_JAR:-$root/banyan-agent/target/banyan-agent.jar}"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl banyan-agent -am package)
fi
count="${1:-50}"
node="bench-metrics-$$"
image=localhost/banyan-busybox:latest
"$root/scripts/build-busybox-image.sh" "$image" >/dev/null
cleanup() {
  podman ps -aq --filter "label=banyan.node=$node" | xargs -r podman rm -f -t 0 >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "starting $count containers..."
for i in $(seq 1 "$count"); do
  podman --runtime runc run -d --init --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    --label banyan.node="$node" --label banyan.deployment=bench --label banyan.service=s \
    --label banyan.replica="$i" --label banyan.task="bench-task-$i" \
    "$image" sleep 3600 >/dev/null
done
"${JAVA:-java}" -cp "$jar" "$root/bench/metrics/MetricsBench.java" "$node" "${2:-60}"
