#!/usr/bin/env bash
# Installs the system packages Banyan and its tests use on Debian/Ubuntu. Idempotent and quiet
# when everything is present; needs root (or sudo) only when something is missing.
# Arguments name extra packages a caller needs (e.g. the benchmarks: jq, podman-compose).
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven        # build
  etcd-server etcd-client              # cluster state (the engine can supervise a local etcd)
  podman runc containernetworking-plugins uidmap  # container runtime (runc: crun fails on hybrid cgroups)
  catatonit                            # podman's --init (manifest `init: true`); only a Recommends of podman
  busybox-static                       # the example app's and the tests' images are built from it
  iproute2 iptables                    # node networking: routes, namespaces, forwarding rules
  tmux procps psmisc curl file         # tests drive the CLI and check processes
  prometheus                           # tests: promtool checks /metrics; MetricsIT scrapes with a real server
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: installing ${missing[*]} needs root; run this script as root." >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts etcd as a service on install; Banyan starts its own, so keep the packaged one off.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
  $sudo systemctl disable --now etcd >/dev/null 2>&1 || true
fi
