# Shared by the bench/*/run.sh scripts (sourced, not run): a throw-away Banyan cluster made of real
# processes (etcd on free loopback ports, the engine and agents from the built jars, one 0600
# config file with a generated password, everything under one temp dir), cleaned up by an EXIT
# trap: processes it started (by pid), containers labelled with its node names, the temp dir.
# Benchmarks are not tests: .ci/run never runs them, and nothing here asserts on time.

bench_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bench_run="b$(date +%s | tail -c 5)$$"
bench_dir=""
bench_pids=()
bench_nodes=()
bench_cleanups=()
bench_engine=""
bench_etcd=""

# Settings of the caller's shell meant for another Banyan must not leak into this one.
for var in $(compgen -e | grep '^BANYAN_' || true); do
  case "$var" in BANYAN_JAVA_OPTS | BANYAN_HOME | BANYAN_LOG_LEVEL | BANYAN_AGENT_JVM_OPTS | BANYAN_CLI_TUNING | BANYAN_CACHE_DIR) ;; *) unset "$var" ;; esac
done
if [ -d /usr/lib/jvm/java-17-openjdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi

say() { printf '==> %s\n' "$*" >&2; }

# What Banyan needs, plus jq for reading the CLI's JSON; a script adds its own with BENCH_PACKAGES.
"$bench_root/scripts/install-deps.sh" jq ${BENCH_PACKAGES:-}
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Builds the jars unless they exist (BENCH_REBUILD=1 forces), creates the temp dir and config.
bench_init() {
  local name="$1"
  if [ "${BENCH_REBUILD:-0}" = 1 ] || [ ! -f "$bench_root/banyan-engine/target/banyan-engine.jar" ] \
    || [ ! -f "$bench_root/banyan-agent/target/banyan-agent.jar" ] \
    || [ ! -f "$bench_root/banyan-cli/target/banyan-cli.jar" ]; then
    say "building the jars (mvn -B -q -o -DskipTests package)"
    (cd "$bench_root" && mvn -B -q -o -DskipTests package)
  fi
  bench_dir="$(mktemp -d "/tmp/banyan-bench-$name-XXXXXX")"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  umask 077
  printf 'security:\n  password: bench-%s\n' "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    >"$bench_dir/banyan.yaml"
  chmod 600 "$bench_dir/banyan.yaml"
  export BANYAN_CONFIG="$bench_dir/banyan.yaml"
}

# The password of this run's config (for bench Java programs that speak gRPC themselves).
bench_password() { sed -n 's/^  password: //p' "$bench_dir/banyan.yaml"; }

# A TCP port nobody listens on now (random below the ephemeral range, checked against ss).
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768+), which outgoing connections use
    if ! ss -Htan | awk '{print $4}' | grep -q ":$port\$"; then
      echo "$port"
      return
    fi
  done
}

# Runs "$@" in the background with output to $bench_dir/NAME.log; remembers its pid.
bench_spawn() {
  local name="$1"
  shift
  "$@" >"$bench_dir/$name.log" 2>&1 &
  local pid=$!
  disown "$pid" # killed by pid at cleanup; no job-control chatter
  bench_pids+=("$pid")
  echo "$pid" >"$bench_dir/$name.pid"
}

bench_pid() { cat "$bench_dir/$1.pid"; }

start_etcd() {
  local client peer
  client="$(free_port)"
  peer="$(free_port)"
  bench_etcd="http://127.0.0.1:$client"
  bench_spawn etcd /usr/bin/etcd --name "banyan-bench-$bench_run" --data-dir "$bench_dir/etcd" \
    --listen-client-urls "$bench_etcd" --advertise-client-urls "$bench_etcd" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "banyan-bench-$bench_run=http://127.0.0.1:$peer" \
    --quota-backend-bytes $((4 * 1024 * 1024 * 1024))
  for _ in $(seq 100); do
    curl -fsS "$bench_etcd/health" >/dev/null 2>&1 && return
    sleep 0.1
  done
  die "etcd did not start; see $bench_dir/etcd.log"
}

# start_engine [EXTRA FLAGS...]: the engine on a free port against this run's etcd.
start_engine() {
  local port
  port="$(free_port)"
  bench_engine="127.0.0.1:$port"
  export BANYAN_ENGINE="$bench_engine"
  bench_spawn engine "$bench_root/bin/banyan-engine" --listen "$bench_engine" \
    --etcd-endpoints "$bench_etcd" --data-dir "$bench_dir/engine" \
    --metrics-listen "127.0.0.1:$(free_port)" "$@"
  for _ in $(seq 300); do
    cli nodes >/dev/null 2>&1 && return
    sleep 0.2
  done
  die "the engine did not start; see $bench_dir/engine.log"
}

# start_agent INDEX [EXTRA FLAGS...]: agent node bench-<run>-nINDEX on podman, without VPC.
start_agent() {
  local index="$1" node
  shift
  node="bench-$bench_run-n$index"
  bench_nodes+=("$node")
  bench_spawn "agent-$index" "$bench_root/bin/banyan-agent" --engine "$bench_engine" \
    --node-name "$node" --runtime podman --listen "127.0.0.1:$(free_port)" \
    --advertise-address 127.0.0.1 --data-dir "$bench_dir/agent-$index" --no-vpc \
    --metrics-listen "127.0.0.1:$(free_port)" "$@"
}

node_name() { echo "bench-$bench_run-n$1"; }

cli() { "$bench_root/bin/banyan-cli" "$@"; }

# The state (READY/DOWN/...) of a node according to `banyan-cli nodes -o json`.
node_state() {
  cli nodes -o json 2>/dev/null | jq -r --arg n "$1" '.[] | select(.node.name == $n) | .node.state | sub("NODE_STATE_"; "")' 2>/dev/null
}

wait_nodes_ready() {
  local want="$1"
  for _ in $(seq 300); do
    local ready
    ready="$(cli nodes -o json 2>/dev/null | jq '[.[] | select(.node.state == "NODE_STATE_READY")] | length' 2>/dev/null || echo 0)"
    [ "${ready:-0}" -ge "$want" ] && return
    sleep 0.3
  done
  die "$want node(s) did not become READY; see $bench_dir/*.log"
}

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# median of the numbers given as arguments
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# Registers a command to run at cleanup (before processes are stopped).
on_cleanup() { bench_cleanups+=("$1"); }

# Resident set size of a pid in MiB (VmRSS).
rss_mib() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

# Removes every container of this run's nodes (any state), without waiting for stop grace.
remove_node_containers() {
  local node ids
  for node in "${bench_nodes[@]}"; do
    ids="$(podman ps -aq --filter "label=banyan.node=$node" 2>/dev/null)"
    [ -n "$ids" ] && podman rm -f -t 0 $ids >/dev/null 2>&1
  done
  return 0
}

bench_cleanup() {
  local rc=$? c pid
  trap - EXIT
  for c in "${bench_cleanups[@]}"; do eval "$c" || true; done
  # Agents first (so they cannot recreate containers), then engine, then etcd.
  for ((i = ${#bench_pids[@]} - 1; i >= 0; i--)); do
    pid="${bench_pids[$i]}"
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${bench_pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  remove_node_containers
  if [ -n "$bench_dir" ] && [ "${BENCH_KEEP:-0}" != 1 ] && [ "$rc" = 0 ]; then
    rm -rf "$bench_dir"
  elif [ -n "$bench_dir" ]; then
    # A failed run keeps its logs: the error message points at them.
    say "kept $bench_dir (BENCH_KEEP=1 or a failed run)"
  fi
  exit "$rc"
}
