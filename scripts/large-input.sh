#!/usr/bin/env bash
# Memory does not grow with the input: streams generated FASTA through a pipe (never stored)
# into predict-structure with a tiny model and compares peak memory for 20 MB and 2 GB of input,
# then 10 M tiny records, then a 1 M-residue record (refused up front by --max-residues).
# Usage: bash scripts/large-input.sh [GB] (default 2; after scripts/build.sh). Prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
gb=${1:-2}
bin=build/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/train-structure" --train tests/data/toy.ss8 --out "$work/tiny.ssrnn" --layers 1 --hidden 4 --epochs 1 \
  --batch 8 --valid-fraction 0.2 2>/dev/null
# gen BYTES RECORD_LENGTH: FASTA of about BYTES bytes, records of RECORD_LENGTH residues (60 per line).
gen() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import random, sys
total, length = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(1)
aa = "ACDEFGHIKLMNPQRSTVWY"
seq = "".join(rng.choice(aa) for _ in range(length))
body = "\n".join(seq[i:i + 60] for i in range(0, length, 60)) + "\n"
out, written, k = sys.stdout, 0, 0
block = []
while written < total:
    rec = f">r{k}\n{body}"
    block.append(rec)
    written += len(rec)
    k += 1
    if len(block) == 4096:
        out.write("".join(block))
        block = []
out.write("".join(block))
PY
}
# run NAME BYTES LENGTH [OPTIONS]: prints residues, wall time and peak RSS of one streamed run.
run() {
  local name=$1 bytes=$2 length=$3
  shift 3
  local t0=$SECONDS
  gen "$bytes" "$length" | "$bin/predict-structure" --model "$work/tiny.ssrnn" "$@" - -o /dev/null 2> "$work/log" || true
  local summary
  summary=$(grep -E "records|peak RSS|error" "$work/log" | tr '\n' ' ')
  printf '| %s | %s | %d s | %s |\n' "$name" "$bytes" $((SECONDS - t0)) "$summary"
}
echo "| input | bytes | wall | predict-structure's summary |"
echo "|---|---|---|---|"
run "20 MB, 300-residue records" 20000000 300
run "$gb GB, 300-residue records" $((gb * 1000000000)) 300
run "10 M records of 10 residues" 220000000 10
run "one 1,000,000-residue record" 1100000 1000000
