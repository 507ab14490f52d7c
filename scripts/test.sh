#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install, build (warnings are errors, with the
# Python module), check formatting, build the examples/ program against the installed package
# (CMake and pkg-config), run the Snakemake and CWL workflows, and run the whole test suite
# (C++ unit, CLI and regression tests, the Python module's pytest suite).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DSSRNN_BUILD_TESTS=ON -DSSRNN_WERROR=ON -DSSRNN_BUILD_PYTHON=ON
git ls-files -- '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
bash scripts/check-install.sh
bash scripts/test-workflows.sh
cd build && ctest --output-on-failure -j"$(nproc)"
