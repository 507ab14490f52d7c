#!/usr/bin/env bash
# Trains the bundled default model (models/default.ssrnn) on NetSurfP-2.0's training set.
# Usage: bash scripts/train-default-model.sh [extra train-structure options, e.g. --resume]
# Resumable: rerun with --resume after an interruption (checkpoint: models/default.ssrnn.ckpt).
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/netsurfp2_train
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF >/dev/null
cmake --build build-native -j2 --target train-structure >/dev/null
./build-native/bin/train-structure \
  --train "$data/netsurfp2_train.ss8" --train-mask "$data/netsurfp2_train.mask" \
  --valid-fraction 0.05 --layers 2 --hidden 256 --encoding both \
  --epochs 10 --batch 32 --lr 0.002 --schedule cosine --dropout 0.25 --clip-norm 1 \
  --threads 2 --seed 1 --out models/default.ssrnn --checkpoint models/default.ssrnn.ckpt "$@"
