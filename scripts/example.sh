#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install the dependencies, build, install ssrnn
# into /usr/local (tools on PATH, the bundled model, the C++ package, the Python module for
# /usr/bin/python3), and predict the bundled example with the bundled default model.
# Only the predictions go to stdout; installing and building log to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >&2
bash scripts/build.sh -DSSRNN_BUILD_TESTS=OFF -DSSRNN_BUILD_PYTHON=ON >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo cmake --install build >&2
./build/bin/predict-structure data/example.fasta
/usr/bin/python3 -c 'import ssrnn; print("python3: import ssrnn", ssrnn.__version__, "ok", file=__import__("sys").stderr)'
