#!/usr/bin/env bash
# Byte identity of the tools between a git revision and the build in build/ (after
# scripts/build.sh): the measurement a reshaping must pass (issue 32). Builds REV's tools in a
# temporary worktree and compares:
#  - predict-structure on CB513 (../shared/data) with the default model, in every format;
#  - a profile model (trained by REV) given --profiles, in every format;
#  - evaluate-structure on CB513 (text and json, --model given);
#  - the model and checkpoint tensors of four train-structure runs: LSTM full BPTT with recurrent
#    dropout on 2 threads, GRU truncated BPTT, a profile model, soft labels.
# Prints one line per check and "identical: N, different: M"; exits 1 if any differ.
# Usage: bash scripts/compare-builds.sh REV      (e.g. HEAD~5; takes ~5 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: bash scripts/compare-builds.sh REV" >&2; exit 1; }
[ -x build/bin/predict-structure ] || { echo "compare-builds: build/ first (bash scripts/build.sh)" >&2; exit 1; }
root=$PWD data=$PWD/../shared/data toy=$PWD/tests/data
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1; rm -rf "$work"' EXIT
git worktree add -f --detach "$work/old" "$1" >/dev/null 2>&1
cmake -S "$work/old" -B "$work/old/build" -DCMAKE_BUILD_TYPE=Release -DSSRNN_BUILD_TESTS=OFF -DSSRNN_BUILD_BENCH=OFF \
  -DSSRNN_BUILD_PYTHON=OFF >/dev/null
cmake --build "$work/old/build" -j"$(nproc)" --target predict-structure evaluate-structure train-structure >/dev/null
old=$work/old/build/bin new=$root/build/bin model=$root/models/default.ssrnn
awk 'NR % 3 != 0' "$data/cb513/cb513.ss8" >"$work/cb513.fa"
same=0 different=0
compare() { # A B WHAT
  if cmp -s "$1" "$2"; then same=$((same + 1)); echo "same: $3"; else different=$((different + 1)); echo "DIFFERENT: $3"; fi
}
formats=(ss8 ss3 ss2 horiz tsv json soft)
for f in "${formats[@]}"; do
  for v in old new; do
    bin=$old && [ $v = new ] && bin=$new
    "$bin/predict-structure" -q --threads 2 --model "$model" -f "$f" "$work/cb513.fa" >"$work/$v.$f"
  done
  compare "$work/old.$f" "$work/new.$f" "CB513, default model, --format $f"
done
(cd "$toy" && "$old/train-structure" --train toy.ss8 --train-profiles profiles/toy.profiles --out "$work/p.ssrnn" \
  --layers 1 --hidden 8 --epochs 2 --batch 8 --seed 3 --valid-fraction 0.2 --profile-dropout 0.2 >/dev/null 2>&1)
for f in "${formats[@]}"; do
  for v in old new; do
    bin=$old && [ $v = new ] && bin=$new
    "$bin/predict-structure" -q -m "$work/p.ssrnn" --profiles "$toy/profiles/toy.profiles" -f "$f" \
      "$toy/profiles/toy.fa" >"$work/p$v.$f"
  done
  compare "$work/pold.$f" "$work/pnew.$f" "profile model with --profiles, --format $f"
done
for f in text json; do
  for v in old new; do
    bin=$old && [ $v = new ] && bin=$new
    "$bin/evaluate-structure" --threads 2 --model "$model" --data "$data/cb513/cb513.ss8" \
      --mask "$data/cb513/cb513.mask" --format "$f" >"$work/e$v.$f" 2>/dev/null
  done
  compare "$work/eold.$f" "$work/enew.$f" "evaluate-structure CB513 --format $f"
done
tensors() { # FILE: the tensor data of a .ssrnn file (its header names the binary that wrote it)
  python3 -c 'import struct, sys
b = open(sys.argv[1], "rb").read(); n = struct.unpack_from("<Q", b, 16)[0]
sys.stdout.buffer.write(b[(24 + n + 63) // 64 * 64:])' "$1"
}
train_both() { # NAME ARGS...: the same run with both builds
  local name=$1 v bin
  shift
  for v in old new; do
    bin=$old && [ $v = new ] && bin=$new
    mkdir -p "$work/$name-$v"
    (cd "$toy" && "$bin/train-structure" "$@" --out "$work/$name-$v/m.ssrnn" >/dev/null 2>&1)
  done
  compare <(tensors "$work/$name-old/m.ssrnn") <(tensors "$work/$name-new/m.ssrnn") "train $name: model tensors"
  compare <(tensors "$work/$name-old/m.ssrnn.ckpt") <(tensors "$work/$name-new/m.ssrnn.ckpt") \
    "train $name: checkpoint tensors"
}
common=(--epochs 2 --batch 8 --hidden 8)
train_both lstm-full --train toy.ss8 --layers 2 --seed 5 --threads 2 --recurrent-dropout 0.1 "${common[@]}"
train_both gru-truncated --train toy.ss8 --cell gru --bptt truncated --bptt-k 7 --layers 1 --seed 5 "${common[@]}"
train_both profile --train toy.ss8 --train-profiles profiles/toy.profiles --layers 1 --seed 3 \
  --profile-dropout 0.2 "${common[@]}"
awk 'NR % 3 != 0' "$toy/toy.ss8" | "$new/predict-structure" -q -m "$work/lstm-full-new/m.ssrnn" -f soft - \
  >"$work/toy.soft"
train_both soft-labels --train "$work/toy.soft" --valid toy.ss8 --layers 1 --seed 2 "${common[@]}"
echo "identical: $same, different: $different"
[ "$different" -eq 0 ]
