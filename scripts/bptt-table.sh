#!/usr/bin/env bash
# Cell x BPTT mode table for docs/bptt.md: same budget for every row, validation split only.
# Usage: bash scripts/bptt-table.sh [TRAIN_RECORDS] [VALID_RECORDS] [EPOCHS]   (defaults 3000 500 2)
# Splits ../shared/data/netsurfp2_train by record (first TRAIN_RECORDS for training, the next
# VALID_RECORDS for validation), trains 2 x 64 BiRNNs with each cell and BPTT mode and scores the
# validation records with evaluate-structure. Needs python3 for the JSON fields.
set -euo pipefail
cd "$(dirname "$0")/.."
ntrain=${1:-3000}; nvalid=${2:-500}; epochs=${3:-2}
data=../shared/data/netsurfp2_train/netsurfp2_train
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF >/dev/null
cmake --build build-native -j2 --target train-structure evaluate-structure >/dev/null
for ext in ss8 mask; do
  sed -n "1,$((3 * ntrain))p" "$data.$ext" > "$work/train.$ext"
  sed -n "$((3 * ntrain + 1)),$((3 * (ntrain + nvalid)))p" "$data.$ext" > "$work/valid.$ext"
done
echo "| cell | BPTT | valid Q8 | valid Q3 | F1 H | F1 E | s/epoch | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|"
for cell in rnn gru lstm; do
  for k in full 5 10 20 50 100; do
    if [ "$k" = full ]; then mode=(--bptt full); else mode=(--bptt truncated --bptt-k "$k"); fi
    /usr/bin/time -f "%e %M" -o "$work/time" ./build-native/bin/train-structure --train "$work/train.ss8" \
      --train-mask "$work/train.mask" --valid "$work/valid.ss8" --valid-mask "$work/valid.mask" \
      --out "$work/m.ssrnn" --cell "$cell" --layers 2 --hidden 64 --epochs "$epochs" --seed 1 --threads 2 \
      "${mode[@]}" 2> "$work/log"
    read -r wall rss < "$work/time"
    ./build-native/bin/evaluate-structure --model "$work/m.ssrnn" --data "$work/valid.ss8" \
      --mask "$work/valid.mask" --format json --threads 2 > "$work/eval.json"
    python3 - "$cell" "$k" "$wall" "$rss" "$epochs" "$work/eval.json" <<'PY'
import json, sys
cell, k, wall, rss, epochs, path = sys.argv[1:]
j = json.load(open(path))
print("| %s | %s | %.2f | %.2f | %.3f | %.3f | %.1f | %.0f |" % (cell, k if k == "full" else "K=" + k,
      j["q8"], j["q3"], j["per_class"]["H"]["f1"], j["per_class"]["E"]["f1"], float(wall) / int(epochs), int(rss) / 1024))
PY
  done
done
