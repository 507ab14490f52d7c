#!/usr/bin/env bash
# Installs the Debian 12 packages ssrnn needs (idempotent: does nothing when all are present).
# With arguments: installs those packages instead (scripts/fuzz.sh, scripts/test-workflows.sh).
set -euo pipefail
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(cmake make g++ libseqan3-dev libeigen3-dev libomp-dev libboost-program-options-dev
                              catch2 nlohmann-json3-dev zlib1g-dev libbz2-dev clang-format pkgconf
                              python3 python3-dev pybind11-dev python3-numpy python3-pytest mmseqs2
                              openmpi-bin libopenmpi-dev dssp libcifpp-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
