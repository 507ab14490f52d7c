#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install the dependencies, build, install ssrnn
# into /usr/local (tools on PATH, the bundled model, the C++ package, the Python module for
# /usr/bin/python3), and predict the bundled example with the bundled default model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DSSRNN_BUILD_TESTS=OFF -DSSRNN_BUILD_PYTHON=ON
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo cmake --install build >/dev/null
./build/bin/predict-structure data/example.fasta
/usr/bin/python3 -c 'import ssrnn; print("python3: import ssrnn", ssrnn.__version__, "ok", file=__import__("sys").stderr)'
