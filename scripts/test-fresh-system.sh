#!/usr/bin/env bash
# The README's first command on a minimal Debian 12, as a new user meets it: makes a root with
# `debootstrap --variant=minbase bookworm` (Debian's package; Debian's archive must be reachable),
# copies the repository in (the files git tracks plus untracked, unignored ones), runs
# `bash scripts/example.sh` there with chroot in a private mount namespace, and checks that its
# stdout (the predictions) equals the host build's `build/bin/predict-structure data/example.fasta`.
# A package that the project's scripts fail to install makes it fail. Needs root (CI runs as root).
#
# Usage: bash scripts/test-fresh-system.sh [COMMAND...]   (after scripts/build.sh)
#   COMMAND: what to run in the fresh root instead of the README's first command, from the
#            repository's copy there (for example `bash scripts/test.sh`); its stdout is not compared.
# Environment: SSRNN_DEBIAN_MIRROR and SSRNN_FRESH_CACHE as for scripts/make-debian-root.sh (the
#   debootstrap root is cached as a tarball; CI starts without it); SSRNN_FRESH_KEEP=1 keeps the root.
# Log of everything that ran inside: the root's /opt/ssrnn.log (printed when the check fails).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "test-fresh-system: needs root (debootstrap, chroot, mount)" >&2; exit 1; }
[ $# -gt 0 ] || [ -x build/bin/predict-structure ] ||
  { echo "test-fresh-system: build/bin/predict-structure missing (bash scripts/build.sh first)" >&2; exit 1; }
work=$(mktemp -d)
if [ "${SSRNN_FRESH_KEEP:-0}" = 1 ]; then
  echo "test-fresh-system: the root stays in $work/root" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
root="$work/root"
start=$SECONDS

# 1. A minimal Debian 12 (debootstrap, or its cached tarball).
bash scripts/make-debian-root.sh "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"

# 2. The repository, as a clone has it.
mkdir "$root/opt/ssrnn"
git ls-files -z --cached --others --exclude-standard |
  tar --null --no-recursion --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$root/opt/ssrnn"

# 3. The README's command inside, with a clean environment, as root (no sudo on a minimal system).
cmd=("$@")
[ ${#cmd[@]} -gt 0 ] || cmd=(bash scripts/example.sh)
inner=$(printf '%q ' "${cmd[@]}")
status=0
# shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
unshare --mount --propagation private bash -c '
  set -e
  mount -t proc proc "$1/proc"
  mount --rbind /dev "$1/dev"
  chroot "$1" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    bash -c "cd /opt/ssrnn && $2"' _ "$root" "$inner" >"$work/stdout" 2>"$root/opt/ssrnn.log" || status=$?
if [ $status -ne 0 ]; then
  tail -40 "$root/opt/ssrnn.log" >&2
  echo "test-fresh-system: FAILED: '${cmd[*]}' exited $status on a minimal Debian 12" >&2
  exit 1
fi
if [ $# -eq 0 ]; then
  build/bin/predict-structure data/example.fasta >"$work/host" 2>/dev/null
  if ! cmp -s "$work/host" "$work/stdout"; then
    diff "$work/host" "$work/stdout" | head -20 >&2
    echo "test-fresh-system: FAILED: the fresh system's predictions differ from the host build's" >&2
    exit 1
  fi
fi
echo "test-fresh-system: ok: '${cmd[*]}' passed on a minimal Debian 12" \
  "($(chroot "$root" dpkg-query -W | wc -l) packages after it, $((SECONDS - start)) s)" >&2
