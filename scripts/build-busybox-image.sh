#!/usr/bin/env bash
# Builds a tiny local container image from Debian's static busybox (sh, httpd, wget, nc, ...).
# No registry is needed: the rootfs is assembled here and imported with `podman import`.
# Usage: scripts/build-busybox-image.sh [IMAGE]   (default: localhost/banyan-busybox:latest)
# Idempotent: an existing image is kept unless BANYAN_REBUILD_IMAGE=1.
set -euo pipefail
image="${1:-localhost/banyan-busybox:latest}"
runtime="${BANYAN_RUNTIME_CLI:-podman}"

if [ "${BANYAN_REBUILD_IMAGE:-0}" != 1 ] && "$runtime" image exists "$image" 2>/dev/null; then
  exit 0
fi
busybox="$(command -v busybox || true)"
if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  [ -x /bin/busybox ] && busybox=/bin/busybox
fi
if [ ! -x "${busybox:-}" ]; then
  echo "error: busybox not found; install it with 'apt-get install busybox-static'." >&2
  exit 1
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,var/www,root,proc,sys,dev,run}
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf /bin/busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
echo '<html><body>banyan busybox</body></html>' > "$root/var/www/index.html"
tar -C "$root" -cf "$root.tar" .
"$runtime" import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin:/sbin:/usr/bin:/usr/sbin' \
  "$root.tar" "$image" >/dev/null
rm -f "$root.tar"
