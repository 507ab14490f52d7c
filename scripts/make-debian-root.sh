#!/usr/bin/env bash
# Makes a minimal Debian 12 root in DIR, as a new machine or the `debian:12` image has it:
# `debootstrap --variant=minbase bookworm` (Debian's package, installed here if missing), with the
# bookworm-updates and bookworm-security suites next to main. The root is kept as a tarball in
# SSRNN_FRESH_CACHE (default ~/.cache/ssrnn/fresh-system) and unpacked from there next time.
# Used by scripts/test-fresh-system.sh and scripts/test-container.sh. Needs root.
# Usage: bash scripts/make-debian-root.sh DIR     (DIR must not exist or be empty)
# Environment: SSRNN_DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: bash scripts/make-debian-root.sh DIR" >&2; exit 1; }
root=$1
[ "$(id -u)" -eq 0 ] || { echo "make-debian-root: needs root (debootstrap)" >&2; exit 1; }
[ ! -e "$root" ] || [ -z "$(ls -A "$root")" ] || { echo "make-debian-root: $root is not empty" >&2; exit 1; }
mirror=${SSRNN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${SSRNN_FRESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ssrnn/fresh-system}
tarball="$cache/debian12-minbase.tar.gz"
mkdir -p "$root"
if [ -s "$tarball" ]; then
  tar -xzf "$tarball" -C "$root"
else
  bash scripts/install-deps.sh debootstrap
  log=$(mktemp)
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$log" 2>&1 ||
    { tail -20 "$log" >&2; rm -f "$log"; echo "make-debian-root: debootstrap failed ($mirror)" >&2; exit 1; }
  rm -f "$log"
  # As Debian's own images: no downloaded packages, package lists or apt caches (apt-get update makes them).
  rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/cache/apt/"*.bin "$root/var/lib/apt/lists/"*_Packages* \
    "$root/var/lib/apt/lists/"*_Release* "$root/var/lib/apt/lists/"*_InRelease
  mkdir -p "$cache" && tar -czf "$tarball.tmp" -C "$root" . && mv "$tarball.tmp" "$tarball"
fi
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
echo "make-debian-root: minimal Debian 12 in $root ($(chroot "$root" dpkg-query -W | wc -l) packages)" >&2
