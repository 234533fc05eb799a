#!/usr/bin/env bash
# Installs Banyan from this checkout's built jars onto this server:
#   <prefix>/lib/banyan-{engine,agent,cli}.jar      (prefix: /opt/banyan)
#   <prefix>/bin/banyan-{engine,agent,cli}          wrappers, symlinked from /usr/local/bin
#   <prefix>/docs/                                  the operator documentation
#   /etc/systemd/system/banyan-{engine,agent}.service
#   /etc/banyan/ (mode 0700) for the config file that 'banyan-engine init' / 'banyan-agent init' write
# and enables (does not start) the units when systemd runs. Idempotent: run it again to upgrade.
#
# Usage: packaging/install.sh [--prefix DIR] [--enable engine,agent|engine|agent|none]
#   DESTDIR=/tmp/stage packaging/install.sh   stages everything under /tmp/stage (enables nothing)
# Build the jars first: mvn -B -DskipTests package
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
prefix=/opt/banyan
enable=engine,agent
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --enable) enable="${2:?--enable needs engine,agent, engine, agent or none}"; shift 2 ;;
    --enable=*) enable="${1#--enable=}"; shift ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option '$1'; see packaging/install.sh --help." >&2; exit 2 ;;
  esac
done
case "$prefix" in /*) ;; *) echo "error: --prefix must be an absolute path, not '$prefix'." >&2; exit 2 ;; esac
root="${DESTDIR:-}"

for binary in engine agent cli; do
  if [ ! -f "$repo/banyan-$binary/target/banyan-$binary.jar" ]; then
    echo "error: banyan-$binary/target/banyan-$binary.jar is missing; build with 'mvn -B -DskipTests package' first." >&2
    exit 1
  fi
done
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  echo "error: installing into $prefix and /etc needs root; run it as root (or set DESTDIR to stage)." >&2
  exit 1
fi

install -d -m 0755 "$root$prefix/lib" "$root$prefix/bin" "$root$prefix/docs" "$root/usr/local/bin" \
  "$root/etc/systemd/system"
install -d -m 0700 "$root/etc/banyan" "$root/var/lib/banyan"
for binary in engine agent cli; do
  install -m 0644 "$repo/banyan-$binary/target/banyan-$binary.jar" "$root$prefix/lib/banyan-$binary.jar"
  install -m 0755 "$repo/bin/banyan-$binary" "$root$prefix/bin/banyan-$binary"
  ln -sfn "$prefix/bin/banyan-$binary" "$root/usr/local/bin/banyan-$binary"
done
cp -R "$repo/docs/." "$root$prefix/docs/"
for unit in banyan-engine.service banyan-agent.service; do
  install -m 0644 "$repo/packaging/systemd/$unit" "$root/etc/systemd/system/$unit"
done
echo "Installed Banyan into $root$prefix, wrappers in $root/usr/local/bin, units in $root/etc/systemd/system."

if [ -n "$root" ] || [ ! -d /run/systemd/system ]; then
  echo "systemd is not running here (or DESTDIR is set): nothing enabled."
  exit 0
fi
systemctl daemon-reload
units=()
case ",$enable," in *,engine,*) units+=(banyan-engine.service) ;; esac
case ",$enable," in *,agent,*) units+=(banyan-agent.service) ;; esac
if [ ${#units[@]} -gt 0 ]; then
  systemctl enable "${units[@]}"
  echo "Enabled ${units[*]} (not started). Next: 'banyan-engine init' and/or 'banyan-agent init', then 'systemctl start ${units[*]}'."
fi
