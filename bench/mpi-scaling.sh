#!/usr/bin/env bash
# Data-parallel training speed: one epoch of train-structure (2x256 BiLSTM, one-hot + BLOSUM62,
# batch 32, --shards 2) on the first RECORDS records of netsurfp2_train, as one process with one
# thread and under `mpirun -np 2` with one thread per rank, back to back; prints residues/s of
# each (from the epoch line), the ratio, the bytes each rank exchanges per update, and checks that
# both runs wrote the same weights. Needs an MPI build (-DSSRNN_MPI=ON; docs/cluster.md).
# Usage: bash bench/mpi-scaling.sh [RECORDS] [BUILD_DIR]      (defaults: 800 build)
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-800}
bin=$PWD/${2:-build}/bin
d=$PWD/../shared/data/netsurfp2_train
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ssrnn-mpibench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
head -n $((3 * records)) "$d/netsurfp2_train.ss8" > "$tmp/train.ss8"
head -n $((3 * records)) "$d/netsurfp2_train.mask" > "$tmp/train.mask"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
opts=(--train "$tmp/train.ss8" --train-mask "$tmp/train.mask" --valid-fraction 0.05 --layers 2 --hidden 256
  --encoding both --batch 32 --shards 2 --epochs 1 --threads 1 --seed 1 --out m.ssrnn)
rate() { sed -n 's/.*| \([0-9]*\) res\/s.*/\1/p' "$1" | tail -n 1; }
mkdir -p "$tmp/one" "$tmp/two"
(cd "$tmp/one" && "$bin/train-structure" "${opts[@]}" 2> log)
(cd "$tmp/two" && mpirun -np 2 "$bin/train-structure" "${opts[@]}" 2> log)
one=$(rate "$tmp/one/log")
two=$(rate "$tmp/two/log")
params=$(sed -n 's/.*parameters \([0-9]*\).*/\1/p' "$tmp/one/log" | head -n 1)
echo "records $records, parameters $params"
echo "1 process x 1 thread: $one residues/s"
echo "2 ranks x 1 thread:   $two residues/s   ratio $(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", b / a }')"
# reduce-scatter (alltoall of half of its shard) + allgather of half of the sum: 4 bytes x params each way
echo "exchanged per update and rank: sent $((4 * params)) bytes, received $((4 * params)) bytes (+ 48 bytes of loss sums)"
if cmp -s "$tmp/one/m.ssrnn" "$tmp/two/m.ssrnn"; then echo "weights: identical files"; else echo "weights differ" >&2; exit 1; fi
