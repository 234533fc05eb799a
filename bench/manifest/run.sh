#!/usr/bin/env bash
# Benchmark (not a test): parse + validate + compile a generated 200-service manifest, warm,
# against a plain snakeyaml-engine load of the same text. Usage: bench/manifest/run.sh [SERVICES]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
jar="$root/banyan-cli/target/banyan-cli.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl banyan-cli -am package)
fi
exec "${JAVA:-java}" -cp "$jar" "$root/bench/manifest/ManifestBench.java" "${1:-200}"
