#!/usr/bin/env bash
# The build users get (the README's portable build, build/) against the -DSSRNN_NATIVE=ON build
# (build-native/), back to back on the same inputs, and whole processes with 1 and 2 threads:
#   - ssrnn-bench on CB513 (2x256 BiLSTM, one-hot input): training and prediction, 2 threads;
#   - predict-structure on CB513 three times over (MODEL, default: a 2x256 network) with 1 and 2
#     threads: wall time of the whole process (loading, parsing, encoding, formatting, writing);
#   - train-structure on the first 800 records of netsurfp2_train (5 % held out for validation),
#     one epoch, 1 and 2 threads, whole process.
# Prints one line per run; ratios are left to the reader (docs/performance.md has the measured ones).
# Usage: bash bench/portable-vs-native.sh [WORKDIR]   (ROUNDS=2 alternates the builds twice)
# Needs a quiet machine: pause other jobs (kill -STOP) while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
d=$PWD/../shared/data
rounds=${ROUNDS:-2}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target ssrnn-bench predict-structure train-structure >/dev/null
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF >/dev/null
cmake --build build-native -j2 --target ssrnn-bench predict-structure train-structure >/dev/null

awk 'NR % 3 == 1 || NR % 3 == 2' "$d/cb513/cb513.ss8" > "$work/cb513.fasta"
for _ in 1 2 3; do cat "$work/cb513.fasta"; done > "$work/cb513x3.fasta"
head -n 2400 "$d/netsurfp2_train/netsurfp2_train.ss8" > "$work/ns800.ss8"
head -n 2400 "$d/netsurfp2_train/netsurfp2_train.mask" > "$work/ns800.mask"
model=${MODEL:-$work/2x256.ssrnn}
[ -s "$model" ] || build/bin/train-structure --train "$work/ns800.ss8" --train-mask "$work/ns800.mask" \
  --valid-fraction 0.05 --epochs 1 --layers 2 --hidden 256 --out "$model" 2>/dev/null

for _ in $(seq "$rounds"); do
  for b in build build-native; do
    for phase in train predict; do
      printf '%s\tssrnn-bench\t%s\t' "$b" "$phase"
      "$b/bin/ssrnn-bench" --models 2x256 --input "$work/cb513.fasta" --phase "$phase" --threads 2 | tail -n 1
    done
  done
done
for b in build build-native; do
  for t in 1 2; do
    /usr/bin/time -f "$b	predict-structure 3x CB513	threads $t	wall %e s	peak RSS %M KB" \
      "$b/bin/predict-structure" --model "$model" --threads "$t" -q -o "$work/out.ss8" "$work/cb513x3.fasta"
    /usr/bin/time -f "$b	train-structure 800 records, 1 epoch	threads $t	wall %e s	peak RSS %M KB" \
      "$b/bin/train-structure" --train "$work/ns800.ss8" --train-mask "$work/ns800.mask" --valid-fraction 0.05 \
      --epochs 1 --threads "$t" --out "$work/trained-$b-$t.ssrnn" 2>&1 | tail -n 1
  done
done
