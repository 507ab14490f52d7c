#!/usr/bin/env bash
# Regenerates the option tables of docs/cli.md and docs/python.md from the library's option
# declarations (the ctest `option_docs` fails while they differ). Needs a build (scripts/build.sh).
# Usage: bash scripts/update-option-docs.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cmake --build "$build" --target option-docs >/dev/null
"$build/bin/option-docs" --write docs/cli.md docs/python.md
