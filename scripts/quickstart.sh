#!/usr/bin/env bash
# One command to a running single-machine Banyan cluster with the example app deployed.
#
#   scripts/quickstart.sh               # install, build, start engine (embedded etcd) + agent, deploy
#   scripts/quickstart.sh status        # what runs, and the nodes
#   scripts/quickstart.sh down          # remove the app, stop agent, engine and etcd
#   scripts/quickstart.sh down --purge  # ... and delete .local/ (config, password, data, logs)
#
# Non-interactive and idempotent: a second run restarts nothing and leaves the deployment as it is.
# Everything lives under .local/ in the checkout (git-ignored): banyan.yaml (mode 0600, with a
# generated password), logs/, run/ (pid files), data/. Settings, from the environment:
#   BANYAN_QUICKSTART_DIR            state directory (default: <checkout>/.local)
#   BANYAN_QUICKSTART_ENGINE_PORT    engine gRPC port (default 7070)
#   BANYAN_QUICKSTART_AGENT_PORT     agent gRPC port (default 7071)
#   BANYAN_QUICKSTART_ETCD_PORT      embedded etcd client port (default 2379; peer port: ..._ETCD_PEER_PORT, 2380)
#   BANYAN_QUICKSTART_APP_PORT       the example app's port (default 8080)
#   BANYAN_QUICKSTART_NODE           the agent's node name (default: the short host name)
#   BANYAN_QUICKSTART_RUNTIME        container CLI for the agent (default: podman, which install-deps.sh installs)
#   BANYAN_QUICKSTART_SKIP_BUILD=1   use the jars as they are (the tests build them first)
# The node name and the CLI's engine address are fixed when .local/banyan.yaml is first written
# ('down --purge' starts afresh); ports are passed to the engine and agent on every start.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$repo"

# Settings meant for other Banyan processes in the caller's shell must not leak into this cluster.
for var in $(compgen -e | grep '^BANYAN_' || true); do
  case "$var" in
    BANYAN_QUICKSTART_* | BANYAN_HOME | BANYAN_JAVA_OPTS | BANYAN_LOG_LEVEL | BANYAN_RUNTIME_CLI) ;;
    *) unset "$var" ;;
  esac
done

dir="${BANYAN_QUICKSTART_DIR:-$repo/.local}"
case "$dir" in /*) ;; *) dir="$repo/$dir" ;; esac
engine_port="${BANYAN_QUICKSTART_ENGINE_PORT:-7070}"
agent_port="${BANYAN_QUICKSTART_AGENT_PORT:-7071}"
etcd_port="${BANYAN_QUICKSTART_ETCD_PORT:-2379}"
etcd_peer_port="${BANYAN_QUICKSTART_ETCD_PEER_PORT:-2380}"
app_port="${BANYAN_QUICKSTART_APP_PORT:-8080}"
runtime="${BANYAN_QUICKSTART_RUNTIME:-podman}"
config="$dir/banyan.yaml"
run="$dir/run"
logs="$dir/logs"
app=hello
export BANYAN_CONFIG="$config"
if [ -d /usr/lib/jvm/java-17-openjdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi

say() { printf '==> %s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
cli() { "$repo/bin/banyan-cli" "$@"; }

node_name() {
  if [ -s "$dir/node-name" ]; then
    cat "$dir/node-name"
  else
    echo "${BANYAN_QUICKSTART_NODE:-$(hostname -s)}"
  fi
}

# The pid in run/NAME.pid if that process is alive and really one of ours (pids get reused).
running_pid() {
  local pidfile="$run/$1.pid" pid
  [ -s "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/" || return 1
  echo "$pid"
}

# Starts a daemon in its own session so it outlives this script; its output goes to logs/NAME.log.
start_daemon() {
  local name="$1"
  shift
  if pid="$(running_pid "$name")"; then
    say "$name already running (pid $pid)"
    return 0
  fi
  mkdir -p "$run" "$logs"
  printf '=== %s start %s\n' "$(date -Is)" "$*" >>"$logs/$name.log"
  # Not a process-group leader, so setsid execs in place: $! is the daemon's own pid.
  (setsid nohup "$@" >>"$logs/$name.log" 2>&1 </dev/null &
    echo $! >"$run/$name.pid")
  say "$name started (pid $(cat "$run/$name.pid"), log $logs/$name.log)"
}

# SIGTERM, wait up to 30 s, then SIGKILL.
stop_pid() {
  local name="$1" pid="$2"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || {
      say "$name stopped"
      return 0
    }
    sleep 0.1
  done
  echo "warning: $name (pid $pid) did not stop in 30 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

await() {
  local what="$1" seconds="$2" log="$3"
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "error: timed out after ${seconds}s waiting for $what; the last lines of $log:" >&2
      tail -n 30 "$log" >&2 || true
      exit 1
    fi
    sleep 1
  done
}

node_ready() { cli nodes | awk -v n="$(node_name)" '$1 == n && $3 == "READY" {found=1} END {exit !found}'; }
app_answers() { curl -fsS --max-time 2 "http://127.0.0.1:$app_port/" | grep -q 'Hello from Banyan'; }

# A jar is stale when it is missing or older than a source or pom of its module or the shared ones.
jars_stale() {
  local binary jar
  for binary in engine agent cli; do
    jar="banyan-$binary/target/banyan-$binary.jar"
    [ -f "$jar" ] || return 0
    [ -z "$(find pom.xml banyan-{"$binary",common,proto,vpc}/{pom.xml,src} -type f -newer "$jar" \
      -print -quit)" ] || return 0
  done
  return 1
}

write_config() {
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ -s "$config" ]; then
    chmod 600 "$config"
    say "keeping $config"
    return 0
  fi
  (
    umask 077
    if [ ! -s "$dir/password" ]; then
      # 32 random letters and digits; never shown, only stored 0600.
      tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 >"$dir/password" || true
    fi
    node_name >"$dir/node-name"
    "$repo/bin/banyan-engine" init --non-interactive --also-client --config "$config" \
      --password-file "$dir/password" --listen "127.0.0.1:$engine_port" >/dev/null
    cat >>"$config" <<EOF
agent:
  engine: 127.0.0.1:$engine_port
  node_name: $(node_name)
cli:
  engine: 127.0.0.1:$engine_port
EOF
  )
  say "wrote $config (mode 0600, with a generated cluster password)"
}

up() {
  say "checking dependencies (scripts/install-deps.sh)"
  bash scripts/install-deps.sh
  if [ "${BANYAN_QUICKSTART_SKIP_BUILD:-0}" = 1 ]; then
    [ -f banyan-cli/target/banyan-cli.jar ] || die "the jars are missing; build them with 'mvn -B -DskipTests package'."
  elif jars_stale; then
    say "building the jars (mvn -B -q -DskipTests package; a few minutes the first time)"
    mvn -B -q -DskipTests package
  else
    say "jars are up to date"
  fi
  say "building the example image (scripts/build-busybox-image.sh)"
  bash scripts/build-busybox-image.sh
  write_config

  start_daemon engine "$repo/bin/banyan-engine" --config "$config" \
    --listen "127.0.0.1:$engine_port" --data-dir "$dir/data/engine" \
    --embedded-etcd-port "$etcd_port" --embedded-etcd-peer-port "$etcd_peer_port"
  await "the engine on 127.0.0.1:$engine_port" 120 "$logs/engine.log" cli nodes
  start_daemon agent "$repo/bin/banyan-agent" --config "$config" \
    --engine "127.0.0.1:$engine_port" --node-name "$(node_name)" --runtime "$runtime" \
    --listen "127.0.0.1:$agent_port" --advertise-address 127.0.0.1 --data-dir "$dir/data/agent"
  await "node $(node_name) to be READY" 120 "$logs/agent.log" node_ready
  say "node $(node_name) is READY"

  say "deploying examples/hello/banyan.yaml"
  HELLO_PORT="$app_port" cli deploy -f examples/hello/banyan.yaml
  await "http://127.0.0.1:$app_port/ to answer" 60 "$logs/agent.log" app_answers

  cat <<EOF

Banyan is running: engine 127.0.0.1:$engine_port (etcd inside, port $etcd_port), one agent (node $(node_name)).
The example app answers at:  http://127.0.0.1:$app_port/

Use the CLI against it:
  export BANYAN_CONFIG=$config
  bin/banyan-cli status $app
  bin/banyan-cli ps $app
  bin/banyan-cli logs $app/web -f

Logs: $logs/   Stop everything: scripts/quickstart.sh down   (add --purge to delete $dir)
EOF
}

down() {
  local purge=0 pid node bridge
  [ "${1:-}" = --purge ] && purge=1
  node="$(node_name)"
  if running_pid engine >/dev/null && [ -s "$config" ]; then
    if running_pid agent >/dev/null; then
      say "removing deployment $app"
      cli down "$app" || echo "warning: 'banyan-cli down $app' failed; removing its containers directly" >&2
    fi
  fi
  if pid="$(running_pid agent)"; then stop_pid agent "$pid"; fi
  # Containers of this cluster's node that survived (e.g. the engine was already gone).
  if command -v "$runtime" >/dev/null 2>&1; then
    ids="$($runtime ps -aq --filter "label=banyan.node=$node" 2>/dev/null || true)"
    if [ -n "$ids" ]; then
      say "removing leftover containers of node $node"
      # shellcheck disable=SC2086
      $runtime rm -f $ids >/dev/null
    fi
  fi
  # The node's VPC network and its bridge; the agent creates them again on the next start.
  if command -v "$runtime" >/dev/null 2>&1 && $runtime network exists "banyan-$node" 2>/dev/null; then
    bridge="$($runtime network inspect "banyan-$node" --format '{{.NetworkInterface}}' 2>/dev/null || true)"
    $runtime network rm -f "banyan-$node" >/dev/null 2>&1 || true
    if [ -n "$bridge" ]; then ip link del "$bridge" 2>/dev/null || true; fi
  fi
  if pid="$(running_pid engine)"; then stop_pid engine "$pid"; fi
  # The engine stops its etcd; one left by an engine that was killed is stopped here.
  local etcd_pidfile="$dir/data/engine/etcd.pid"
  if [ -s "$etcd_pidfile" ]; then
    pid="$(cat "$etcd_pidfile")"
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir/"; then
      stop_pid etcd "$pid"
    fi
    rm -f "$etcd_pidfile"
  fi
  rm -rf "$run"
  if [ "$purge" = 1 ]; then
    rm -rf "$dir"
    say "removed $dir"
  fi
  say "the quickstart cluster is down"
}

status() {
  local name pid
  for name in engine agent; do
    if pid="$(running_pid "$name")"; then echo "$name: running (pid $pid)"; else echo "$name: not running"; fi
  done
  if running_pid engine >/dev/null; then cli nodes; fi
}

case "${1:-up}" in
  up) up ;;
  down) down "${2:-}" ;;
  status) status ;;
  -h | --help | help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1'; use: scripts/quickstart.sh [up|status|down [--purge]]" ;;
esac
