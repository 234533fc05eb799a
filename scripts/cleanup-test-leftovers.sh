#!/usr/bin/env bash
# Removes what a killed or crashed test run may have left: containers and networks created by tests,
# test network namespaces, and stray etcd/banyan processes started from this checkout's test dirs.
set -u
runtime=podman
if command -v "$runtime" >/dev/null 2>&1; then
  ids=$("$runtime" ps -aq --filter label=banyan.test 2>/dev/null)
  [ -n "$ids" ] && "$runtime" rm -f -t 0 $ids >/dev/null 2>&1
  # Containers of end-to-end test clusters: their nodes are named e2e-*; a real cluster's are left alone.
  ids=$("$runtime" ps -a --filter label=banyan.node --format '{{.ID}} {{index .Labels "banyan.node"}}' 2>/dev/null \
    | awk '$2 ~ /^e2e-/ {print $1}')
  [ -n "$ids" ] && "$runtime" rm -f -t 0 $ids >/dev/null 2>&1
  for n in $("$runtime" network ls --format '{{.Name}}' 2>/dev/null | grep -E '^(banyan-e2e|bnyt)' || true); do
    bridge=$("$runtime" network inspect "$n" --format '{{.NetworkInterface}}' 2>/dev/null)
    "$runtime" network rm -f "$n" >/dev/null 2>&1
    # The agent creates the bridge itself (before the first container), so it may outlive the network.
    [ -n "$bridge" ] && ip link del "$bridge" >/dev/null 2>&1
  done
  vols=$("$runtime" volume ls -q --filter label=banyan.test 2>/dev/null)
  [ -n "$vols" ] && "$runtime" volume rm -f $vols >/dev/null 2>&1
fi
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^bnyt' || true); do
  ip netns delete "$ns" 2>/dev/null
done
pkill -f 'banyan-test-etcd' 2>/dev/null
pkill -f 'banyan-e2e' 2>/dev/null
# EmbeddedEtcdTest's etcd children, should the test JVM have been killed.
pkill -f 'banyan-embedded-etcd-' 2>/dev/null
exit 0
