#!/usr/bin/env bash
# Benchmark (not a test): deploy latency of 10 services x 1 replica (busybox httpd) on one node.
#   banyan     `banyan-cli deploy` (waits for the rollout) from command start until all RUNNING
#   compose    `podman-compose up -d` of the same file (installed by scripts/install-deps.sh if missing)
#   parallel   the same 10 containers with plain `podman run -d ... &` + wait (the baseline)
# Each variant RUNS times (default 5), torn down between runs; prints medians and ratios.
# Usage: bench/deploy/run.sh [RUNS]
set -euo pipefail
BENCH_PACKAGES=podman-compose
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
runs="${1:-5}"
services=10
image=localhost/banyan-busybox:latest

"$bench_root/scripts/build-busybox-image.sh" "$image"
bench_init deploy

# One file for Banyan and podman-compose. Explicit ulimits because podman's defaults fail on this
# host (Banyan's agent would add them itself; podman-compose passes these through); runc is given
# to podman-compose with --podman-args (the agent picks runc on hybrid-cgroup hosts by itself).
project="bench$bench_run"
{
  echo "name: $project"
  echo "services:"
  for i in $(seq -w 1 $services); do
    cat <<YAML
  web$i:
    image: $image
    command: ["httpd", "-f", "-p", "80", "-h", "/var/www"]
    stop_grace_period: 1s
    ulimits:
      nofile: {soft: 1024, hard: 1024}
      nproc: {soft: 1024, hard: 1024}
    deploy:
      resources:
        reservations: {cpus: "0.1", memory: 32m}
YAML
  done
} >"$bench_dir/compose.yaml"
cp "$bench_dir/compose.yaml" "$bench_dir/banyan.yaml.manifest"

start_etcd
start_engine
start_agent 1 --capacity-cpus 8 --capacity-memory 8g
wait_nodes_ready 1
node="$(node_name 1)"

containers_of() { podman ps -aq --filter "label=$1"; }
wait_gone() {
  for _ in $(seq 300); do
    [ -z "$(containers_of "$1")" ] && return
    sleep 0.2
  done
  die "containers with label $1 were not removed"
}

run_banyan() {
  local start end
  start=$(now_ms)
  cli deploy -f "$bench_dir/compose.yaml" --timeout 120 >"$bench_dir/deploy.out" 2>&1 \
    || die "banyan-cli deploy failed: $(cat "$bench_dir/deploy.out")"
  end=$(now_ms)
  cli down "$project" >/dev/null
  wait_gone "banyan.node=$node"
  echo $((end - start))
}

run_compose() {
  local start end
  start=$(now_ms)
  podman-compose --podman-args '--runtime runc' -p "$project" -f "$bench_dir/compose.yaml" up -d \
    >"$bench_dir/compose.out" 2>&1 || die "podman-compose up failed: $(tail -5 "$bench_dir/compose.out")"
  end=$(now_ms)
  podman-compose --podman-args '--runtime runc' -p "$project" -f "$bench_dir/compose.yaml" down -t 0 \
    >/dev/null 2>&1
  wait_gone "io.podman.compose.project=$project"
  echo $((end - start))
}
on_cleanup 'podman-compose -p "$project" -f "$bench_dir/compose.yaml" down -t 0 >/dev/null 2>&1'

run_parallel() {
  local start end i pid pids=()
  start=$(now_ms)
  for i in $(seq -w 1 $services); do
    podman --runtime runc run -d --name "$project-p-web$i" --label "banyan.bench=$project" \
      --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
      "$image" httpd -f -p 80 -h /var/www >/dev/null &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || die "podman run failed"; done
  end=$(now_ms)
  podman rm -f -t 0 $(containers_of "banyan.bench=$project") >/dev/null
  echo $((end - start))
}
on_cleanup 'ids=$(podman ps -aq --filter "label=banyan.bench=$project"); [ -z "$ids" ] || podman rm -f -t 0 $ids >/dev/null 2>&1'

# Interleaved so that a noisy neighbour hits all three alike; one warm-up round first (JIT,
# page cache, podman's first-run work), not counted.
b=() c=() p=()
say "warm-up round"
run_banyan >/dev/null
run_compose >/dev/null
run_parallel >/dev/null
for r in $(seq "$runs"); do
  b+=("$(run_banyan)")
  c+=("$(run_compose)")
  p+=("$(run_parallel)")
  say "run $r: banyan ${b[-1]} ms, podman-compose ${c[-1]} ms, parallel podman run ${p[-1]} ms"
done
mb="$(median "${b[@]}")"
mc="$(median "${c[@]}")"
mp="$(median "${p[@]}")"
echo
echo "deploy latency, $services services x 1 replica, median of $runs runs (ms)"
printf '| %-28s | %8s | %s |\n' variant median "ratio to parallel podman run"
printf '| %-28s | %8s | %s |\n' "banyan-cli deploy" "$mb" "$(awk -v a="$mb" -v b="$mp" 'BEGIN {printf "%.2fx", a/b}')"
printf '| %-28s | %8s | %s |\n' "podman-compose up -d" "$mc" "$(awk -v a="$mc" -v b="$mp" 'BEGIN {printf "%.2fx", a/b}')"
printf '| %-28s | %8s | %s |\n' "parallel podman run -d" "$mp" "1.00x"
echo "podman-compose / banyan: $(awk -v a="$mc" -v b="$mb" 'BEGIN {printf "%.2fx", a/b}') (target >= 5x);" \
  "banyan / parallel: $(awk -v a="$mb" -v b="$mp" 'BEGIN {printf "%.2fx", a/b}') (target <= 2x)"
echo "all runs (ms): banyan ${b[*]}; podman-compose ${c[*]}; parallel ${p[*]}"
