#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install, build, predict the bundled example
# with the bundled default model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DSSRNN_BUILD_TESTS=OFF
./build/bin/predict-structure data/example.fasta
