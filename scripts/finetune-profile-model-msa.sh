#!/usr/bin/env bash
# A lever of issue 33/36, measured on validation: fine-tune each network of models/profile.ssrnn on
# profiles computed from MMseqs2 alignments (A3M, --msa) instead of result2profile's PSSMs.
# Usage: bash scripts/finetune-profile-model-msa.sh MSA_DIR...
#   MSA_DIR: A3M files of every netsurfp2_train record (scripts/build-msas.sh, the validation
#   split's records included: train-structure holds the same split out, fraction 0.05, seed 1).
# Writes runs/P1-msa.ssrnn and runs/P2-msa.ssrnn (logs beside them); needs build-native/ (as
# scripts/train-profile-model.sh builds it). Each member keeps its own objective and seed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 MSA_DIR..." >&2; exit 1; }
d=../shared/data
b=./build-native/bin
mkdir -p runs
prof=()
for m in "$@"; do prof+=(--train-profiles "$m"); done
for k in 1 2; do
  # the networks before the fine-tuning: models/profile.ssrnn as it was in commit 87793e9 (today's
  # file holds the fine-tuned ones)
  [ -s runs/profile-before-msa.ssrnn ] || git show 87793e9:models/profile.ssrnn > runs/profile-before-msa.ssrnn
  [ -s runs/P$k.ssrnn ] || $b/combine-models --member $k -o runs/P$k.ssrnn runs/profile-before-msa.ssrnn
  [ -s runs/P$k-msa.ssrnn ] && continue
  extra=(--dropout 0.25)
  [ $k = 2 ] && extra=(--dropout 0.3 --label-smoothing 0.05 --q3-weight 0.5)
  /usr/bin/time -v $b/train-structure --init runs/P$k.ssrnn --train "$d/netsurfp2_train/netsurfp2_train.ss8" \
    --train-mask "$d/netsurfp2_train/netsurfp2_train.mask" "${prof[@]}" --valid-fraction 0.05 --split-seed 1 \
    --seed $k --batch 32 --lr 0.0005 --schedule cosine --clip-norm 1 --profile-dropout 0.1 --epochs 2 \
    --threads 2 "${extra[@]}" --out runs/P$k-msa.ssrnn > runs/P$k-msa.log 2>&1
done
