#!/usr/bin/env bash
# The one command that runs every test: installs what is missing, builds, runs unit, integration
# and end-to-end tests (real etcd, real podman containers, the real jars), and cleans up after
# itself even when a test fails. Extra arguments go to Maven (e.g. -Dtest=SchedulerTest).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

bash scripts/install-deps.sh
if [ -d /usr/lib/jvm/java-17-openjdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi

cleanup() { bash scripts/cleanup-test-leftovers.sh || true; }
trap cleanup EXIT

mvn -B -ntp verify "$@"
