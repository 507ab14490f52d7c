#!/usr/bin/env bash
# Trains the three-network ensemble that was models/default.ssrnn until the distilled one-network
# model replaced it (three 2x256 BiLSTMs, one-hot + BLOSUM62 input) on a 2-core machine
# (models/README.md has the measured times); it writes runs/ensemble.ssrnn. Today's default model
# comes from scripts/train-default-model.sh.
#   stage 1, side by side, one thread each (96 min measured):
#     A: NetSurfP-2.0's training set (masked), 13 epochs, dropout 0.25, seed 1;
#     B: the same plus tianchi2020_nr and pisces2018_nr (~10.7k more chains, no masks), 8 epochs;
#   stage 2 (84 min measured with one thread beside another run; here it gets both cores, which
#   changes its speed but not its weights):
#     C: dropout 0.4, label smoothing 0.05, joint Q8 + Q3 objective, 15 epochs, seed 2.
# All hold out the same validation split (5 % of netsurfp2_train by record, split seed 1) and keep
# their best epoch by validation Q8; combine-models then writes the three into one file.
# Usage: bash scripts/train-ensemble-model.sh [extra train-structure options, e.g. --resume]
# Resumable: each run stops cleanly at --time-limit (125 min) with a checkpoint in runs/; rerun
# with --resume to continue (finished runs return at once). Logs: runs/{A,B,C}.log.
set -euo pipefail
cd "$(dirname "$0")/.."
d=../shared/data
mkdir -p runs
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF >/dev/null
cmake --build build-native -j2 --target train-structure combine-models >/dev/null
train=./build-native/bin/train-structure
common=(--train "$d/netsurfp2_train/netsurfp2_train.ss8" --train-mask "$d/netsurfp2_train/netsurfp2_train.mask"
  --valid-fraction 0.05 --split-seed 1 --hidden 256 --encoding both --batch 32 --lr 0.002 --schedule cosine
  --clip-norm 1 --time-limit 125)
extra=("$@")
run() { # NAME OPTIONS...: one training run, log appended to runs/NAME.log, exit code in runs/NAME.code;
  local n=$1 code=0 # fails on any exit code but 0 and 75 (stopped at --time-limit)
  shift
  $train "${common[@]}" "$@" --out "runs/$n.ssrnn" "${extra[@]}" >> "runs/$n.log" 2>&1 || code=$?
  echo "$code" > "runs/$n.code"
  [ "$code" = 0 ] || [ "$code" = 75 ]
}
stop_if_cut() { # NAME...: a run stopped at its time limit (exit code 75) is continued by rerunning with --resume
  local n
  for n in "$@"; do
    if [ "$(cat "runs/$n.code")" = 75 ]; then
      echo "time limit reached; rerun with --resume to finish" >&2
      exit 0
    fi
  done
}
run A --threads 1 --layers 2 --seed 1 --dropout 0.25 --epochs 13 &
a=$!
run B --threads 1 --layers 2 --seed 1 --dropout 0.25 --epochs 8 \
  --extra-train "$d/tianchi2020/tianchi2020_nr.ss8" --extra-train "$d/pisces2018/pisces2018_nr.ss8" &
b=$!
wait $a
wait $b
stop_if_cut A B
run C --threads 2 --layers 2 --seed 2 --dropout 0.4 --label-smoothing 0.05 --q3-weight 0.5 --save-epochs --epochs 15
stop_if_cut C
./build-native/bin/combine-models -o runs/ensemble.ssrnn runs/A.ssrnn runs/B.ssrnn runs/C.ssrnn
