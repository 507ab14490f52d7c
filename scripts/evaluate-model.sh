#!/usr/bin/env bash
# Scores a model on the standard test sets and prints a Markdown table.
# Usage: bash scripts/evaluate-model.sh [MODEL] (default: models/default.ssrnn); needs ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-models/default.ssrnn}
d=../shared/data
ev() { ./build/bin/evaluate-structure --threads 2 --model "$model" --format json "$@"; }
row() {
  python3 -c 'import json,sys; j=json.load(sys.stdin); pc=j["per_class"]; p3=j["per_class3"];
print("| %s | %d | %d | %.2f | %.2f | %.3f | %.3f | %.3f |" % (sys.argv[1], j["records"], j["residues"], j["q8"], j["q3"], p3["H"]["f1"], p3["E"]["f1"], p3["C"]["f1"]))' "$1"
}
echo "| test set | records | residues | Q8 | Q3 | F1 H | F1 E | F1 C |"
echo "|---|---|---|---|---|---|---|---|"
ev --data $d/cb513/cb513.ss8 --mask $d/cb513/cb513.mask --mask $d/cb513/cb513.cbmask | row "CB513 (mask & cbmask)"
ev --data $d/new364/new364.ss8 --mask $d/new364/new364.mask | row "NEW364 (mask)"
ev --data $d/spot1d/test2018.ss8 | row "TEST2018 (no mask)"
