#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install, build (warnings are errors), check
# formatting, build the examples/ program against the installed package, and run the whole
# test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DSSRNN_BUILD_TESTS=ON -DSSRNN_WERROR=ON
git ls-files -- '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
bash scripts/check-install.sh
cd build && ctest --output-on-failure -j"$(nproc)"
