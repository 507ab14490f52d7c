#!/usr/bin/env bash
# Builds the Dockerfile and checks the image: predict-structure in it predicts the bundled example
# (installed in the image) and the same example on stdin exactly as the host build does,
# `--version` is one line, the Python module imports and predicts, and the tools run as the
# image's non-root user. Prints the build time and the image size.
#
# Engine: docker when its daemon answers, else podman (installed here if missing). The base image
# `debian:12` is used when present, pulled when a registry answers, and otherwise made here from a
# minimal Debian 12 root (scripts/make-debian-root.sh: debootstrap) and imported as debian:12.
# Where the host's cgroups reject the OCI runtime (podman run fails: "crun: setrlimit ..."), the
# image is built with `--isolation=chroot` and run with `podman image mount` + chroot instead.
#
# Usage: bash scripts/test-container.sh   (after scripts/build.sh; needs root for podman's fallbacks)
# Environment: SSRNN_IMAGE (default ssrnn:<version>); SSRNN_TESTS=0 builds without the test stage's
#   tests; SSRNN_ENGINE=docker|podman chooses the engine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/bin/predict-structure ] ||
  { echo "test-container: build/bin/predict-structure missing (bash scripts/build.sh first)" >&2; exit 1; }
version=$(sed -n 's/^project(ssrnn VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
image=${SSRNN_IMAGE:-ssrnn:$version}
engine=${SSRNN_ENGINE:-}
if [ -z "$engine" ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then engine=docker; else engine=podman; fi
fi
[ "$engine" = podman ] && bash scripts/install-deps.sh podman
work=$(mktemp -d)
mnt=""
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  [ -n "$mnt" ] && podman image unmount "$image" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "test-container: $*" >&2; }

# 1. The base image.
if ! "$engine" image inspect debian:12 >/dev/null 2>&1; then
  if timeout 120 "$engine" pull docker.io/library/debian:12 >"$work/pull.log" 2>&1; then
    "$engine" tag docker.io/library/debian:12 debian:12
    log "pulled debian:12"
  else
    log "no registry answers ($(tail -1 "$work/pull.log")); making debian:12 with debootstrap"
    bash scripts/make-debian-root.sh "$work/root"
    tar -C "$work/root" -c . | "$engine" import --quiet \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' - docker.io/library/debian:12 >/dev/null
    rm -rf "$work/root"
  fi
fi

# 2. The build, timed.
isolation=()
runnable=1
if [ "$engine" = podman ] && ! podman run --rm debian:12 true >"$work/run.log" 2>&1; then
  log "podman run is not permitted here ($(tail -1 "$work/run.log")): --isolation=chroot, image mount + chroot"
  isolation=(--isolation=chroot)
  runnable=0
fi
start=$SECONDS
"$engine" build "${isolation[@]}" --network=host --build-arg SSRNN_VERSION="$version" \
  --build-arg SSRNN_TESTS="${SSRNN_TESTS:-1}" -t "$image" . >"$work/build.log" 2>&1 ||
  { tail -60 "$work/build.log" >&2; log "FAILED: $engine build"; exit 1; }
build_s=$((SECONDS - start))
grep -E "tests passed|Test #.*Failed" "$work/build.log" | tail -3 >&2 || true
size=$("$engine" image inspect --format '{{.Size}}' "$image")

# 3. The image, run: with the engine, or from its mounted root as its user (uid 1000), with a
# writable /tmp as a container has; the folder $work/data is mounted on /data (the working
# directory) as users mount theirs.
mkdir -m 777 "$work/data"
in_image() { # COMMAND...: runs in the image, stdin passed on
  if [ $runnable = 1 ]; then
    "$engine" run --rm -i -v "$work/data:/data" "$image" "$@"
  else
    # shellcheck disable=SC2016 # the inner shell's arguments
    unshare --mount --propagation private bash -c 'root=$1 data=$2 && shift 2 && mount -t proc proc "$root/proc" &&
      mount --rbind /dev "$root/dev" &&
      mount --bind "$data" "$root/data" && mount -t tmpfs tmpfs "$root/tmp" && exec chroot --userspec=1000:1000 "$root" /usr/bin/env -i HOME=/home/ssrnn \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/sh -c "cd /data && exec \"\$@\"" sh "$@"' \
      _ "$mnt" "$work/data" "$@"
  fi
}
[ $runnable = 1 ] || mnt=$(podman image mount "$image")
failed=0
check() { # NAME EXPECTED ACTUAL
  if cmp -s "$2" "$3"; then log "ok: $1"; else log "FAILED: $1"; diff "$2" "$3" | head -10 >&2 || true; failed=1; fi
}
build/bin/predict-structure data/example.fasta >"$work/host.ss8" 2>/dev/null
in_image predict-structure /usr/local/share/ssrnn/examples/example.fasta >"$work/image.ss8" 2>"$work/image.err" || true
check "predict-structure on the bundled example = host build" "$work/host.ss8" "$work/image.ss8"
in_image predict-structure --format ss2 - <data/example.fasta >"$work/image.ss2" 2>"$work/image.err" || true
build/bin/predict-structure --format ss2 - <data/example.fasta >"$work/host.ss2" 2>/dev/null
check "predict-structure on stdin (ss2) = host build" "$work/host.ss2" "$work/image.ss2"
in_image predict-structure --version >"$work/version" 2>&1 || true
build/bin/predict-structure --version >"$work/host.version" 2>&1
check "predict-structure --version (one line: $(head -1 "$work/version"))" "$work/host.version" "$work/version"
in_image id -un >"$work/user" 2>&1 || true
echo ssrnn >"$work/expected.user"
check "runs as the non-root user" "$work/expected.user" "$work/user"
seq=$(sed -n 2p data/example.fasta)
in_image /usr/bin/python3 -c "import ssrnn; print(ssrnn.Model().predict(['$seq'])[0].ss8)" >"$work/python" 2>&1 || true
sed -n 3p "$work/host.ss8" >"$work/host.python"
check "Python module in the image predicts as the host build" "$work/host.python" "$work/python"
# Profile mode: MMseqs2 in the image searches a tiny database in /data, as the host build does.
cp tests/data/profiles/toy.fa "$work/data/db.fa"
awk '/^>toy03/ { exit } { print }' tests/data/profiles/toy.fa >"$work/data/q.fa"
profile=(-q --search-db db.fa -f tsv q.fa)
in_image env SSRNN_CACHE_DIR=/data/cache predict-structure --model /usr/local/share/ssrnn/models/profile.ssrnn \
  "${profile[@]}" >"$work/image.tsv" 2>"$work/image.err" || cat "$work/image.err" >&2
(cd "$work/data" && SSRNN_CACHE_DIR="$work/host-cache" "$OLDPWD/build/bin/predict-structure" \
  --model "$OLDPWD/models/profile.ssrnn" "${profile[@]}" >"$work/host.tsv")
check "profile mode (--search-db, MMseqs2 in the image) = host build" "$work/host.tsv" "$work/image.tsv"
in_image ls /usr/local/share/ssrnn/models >"$work/models" 2>&1 || true
printf 'default.ssrnn\nprofile.ssrnn\n' >"$work/expected.models"
check "both bundled models installed" "$work/expected.models" "$work/models"
log "$engine image $image: $((size / 1000000)) MB, built in ${build_s} s$([ $runnable = 1 ] || echo ' (isolation chroot)')"
if [ $failed = 0 ]; then log "ok: the container passes"; else log "FAILED"; fi
exit $failed
