#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install, build (warnings are errors, with the
# Python module), check formatting, build the examples/ program against the installed package
# (CMake and pkg-config), render the charts (rsvg-convert, headless Chromium), run the Snakemake and CWL workflows,
# annotate an HH-suite database with ssrnn-addss and check it with HH-suite, run the C++ suite under ASan +
# UBSan (a build without MPI), fuzz every parser for 20 s, and run the whole test suite (C++
# unit, CLI and regression tests, mpirun with 1, 2 and 4 ranks, the Python module's pytest suite).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DSSRNN_BUILD_TESTS=ON -DSSRNN_WERROR=ON -DSSRNN_BUILD_PYTHON=ON -DSSRNN_MPI=ON
# clang-format over the sources (found without git: a minimal system or a source tarball has none).
find bench examples lib python tests tools \( -name '*.cpp' -o -name '*.hpp' \) -print0 | xargs -0 clang-format --dry-run --Werror
bash scripts/check-install.sh
bash scripts/test-render.sh # the charts in rsvg-convert and headless Chromium
bash scripts/test-workflows.sh
bash scripts/test-hhsuite.sh # HH-suite annotated by ssrnn-addss, checked by its own tools
bash scripts/test-jalview.sh # --format jalview in headless Jalview (skipped, saying so, where Jalview is not installed)
# The whole C++ suite again under AddressSanitizer + UBSan (-O1: fast to build, still catches).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Sanitize "-DCMAKE_CXX_FLAGS_SANITIZE=-O1 -DNDEBUG" -DSSRNN_SANITIZE=ON \
  -DSSRNN_BUILD_TESTS=ON -DSSRNN_BUILD_BENCH=OFF -DSSRNN_WERROR=ON -DSSRNN_MPI=OFF >/dev/null
cmake --build build-asan -j"$(nproc)"
(cd build-asan && ctest --output-on-failure -j"$(nproc)" -E SIGKILL) # the two kill tests only time the tools: run once, below
# Fuzzing, briefly (docs/reliability.md): every libFuzzer target for 20 s.
bash scripts/fuzz.sh 20
cd build && ctest --output-on-failure -j"$(nproc)"
