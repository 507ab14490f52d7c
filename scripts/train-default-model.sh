#!/usr/bin/env bash
# Trains the bundled default model (models/default.ssrnn): an ensemble of two 2x256 BiLSTMs
# (one-hot + BLOSUM62 input) trained side by side, one thread each, on a 2-core machine:
#   A: NetSurfP-2.0's training set (masked), 13 epochs;
#   B: the same plus tianchi2020_nr and pisces2018_nr (~10.7k more chains, no masks), 8 epochs.
# Both hold out the same validation split (5 % of netsurfp2_train by record, seed 1) and keep
# their best epoch by validation Q8; combine-models then writes both into one ensemble file.
# Usage: bash scripts/train-default-model.sh [extra train-structure options, e.g. --resume]
# Resumable: each run stops cleanly at --time-limit (105 min) with a checkpoint in runs/;
# rerun with --resume to continue. Logs: runs/A.log, runs/B.log.
set -euo pipefail
cd "$(dirname "$0")/.."
d=../shared/data
mkdir -p runs
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF >/dev/null
cmake --build build-native -j2 --target train-structure combine-models >/dev/null
common=(--train "$d/netsurfp2_train/netsurfp2_train.ss8" --train-mask "$d/netsurfp2_train/netsurfp2_train.mask"
  --valid-fraction 0.05 --layers 2 --hidden 256 --encoding both --batch 32 --lr 0.002 --schedule cosine
  --dropout 0.25 --clip-norm 1 --threads 1 --seed 1 --time-limit 105)
./build-native/bin/train-structure "${common[@]}" --epochs 13 --out runs/A.ssrnn "$@" > runs/A.log 2>&1 &
a=$!
./build-native/bin/train-structure "${common[@]}" --epochs 8 --out runs/B.ssrnn \
  --extra-train "$d/tianchi2020/tianchi2020_nr.ss8" --extra-train "$d/pisces2018/pisces2018_nr.ss8" "$@" \
  > runs/B.log 2>&1 &
b=$!
wait $a
wait $b
if grep -q "time limit reached" runs/A.log runs/B.log; then
  echo "time limit reached; rerun with --resume to finish" >&2
  exit 0
fi
./build-native/bin/combine-models -o models/default.ssrnn runs/A.ssrnn runs/B.ssrnn
