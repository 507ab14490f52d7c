#!/usr/bin/env bash
# Side-by-side speed of ssrnn and the PyTorch reference (../shared/bench/torch_bilstm_bench.py) on
# the same sequences, in one run: 2x256 and 1x128 BiLSTMs (one-hot input, 8 outputs), training
# (forward + BPTT + Adam, batch 32) and prediction, with 1 and 2 threads, on CB513 and on synthetic
# sequences (log-normal lengths, median 220, clipped to 30..700, fixed seed). Prints a table of
# residues/s and the ssrnn/PyTorch ratios; raw outputs stay in the work directory.
#
# Usage: bash bench/side-by-side.sh [WORKDIR]        (needs ../shared beside the project)
# PyTorch runs at its best as ../shared/bench/README.md says: python3-torch with OpenBLAS's OpenMP
# build and its AVX-512 kernels, length-bucketed batches, padded mode for training, packed mode
# for prediction. ssrnn runs its -DSSRNN_NATIVE=ON build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${1:-$(mktemp -d)}
mkdir -p "$work"
shared=$root/../shared
threads_list=${THREADS_LIST:-"1 2"}
models=${MODELS:-2x256,1x128}

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch libopenblas0-openmp >&2
fi
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF >/dev/null
cmake --build build-native -j2 --target ssrnn-bench gemm-peak >/dev/null
bench=build-native/bin/ssrnn-bench

# The same inputs for both: CB513 as FASTA and a synthetic FASTA.
awk 'NR % 3 == 1 || NR % 3 == 2' "$shared/data/cb513/cb513.ss8" > "$work/cb513.fasta"
$bench --sequences 1024 --seed 12345 --write-fasta "$work/synthetic.fasta"

# PyTorch: Debian's torch uses whatever libblas.so.3 is first; prefer OpenBLAS's OpenMP build and
# its AVX-512 (SkylakeX) kernels, which OpenBLAS 0.3.21 does not pick by itself on newer CPUs.
export OPENBLAS_CORETYPE=SkylakeX
unset OPENBLAS_L2_SIZE
torch_env=(env LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp)
for input in cb513 synthetic; do
  for t in $threads_list; do
    echo "== $input, $t thread(s)" >&2
    "${torch_env[@]}" /usr/bin/python3 "$shared/bench/torch_bilstm_bench.py" --models "$models" \
      --input "$work/$input.fasta" --iters 0 --threads "$t" --mode padded --phase train \
      --json "$work/torch-train-$input-$t.json" >&2
    "${torch_env[@]}" /usr/bin/python3 "$shared/bench/torch_bilstm_bench.py" --models "$models" \
      --input "$work/$input.fasta" --iters 0 --threads "$t" --mode packed --phase infer \
      --json "$work/torch-infer-$input-$t.json" >&2
    $bench --models "$models" --input "$work/$input.fasta" --threads "$t" > "$work/ssrnn-$input-$t.tsv"
    cat "$work/ssrnn-$input-$t.tsv" >&2
  done
done

/usr/bin/python3 - "$work" "$threads_list" <<'PY'
import csv, json, sys
work, threads = sys.argv[1], sys.argv[2].split()
print("| input | network | threads | phase | ssrnn res/s | ssrnn GFLOP/s | PyTorch res/s | ratio | ssrnn peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|")
for inp in ("cb513", "synthetic"):
    for t in threads:
        ours = {(r["model"], r["phase"]): r for r in csv.DictReader(open(f"{work}/ssrnn-{inp}-{t}.tsv"), delimiter="\t")}
        for phase, tphase, key in (("train", "train", "train"), ("predict", "infer", "infer")):
            res = json.load(open(f"{work}/torch-{tphase}-{inp}-{t}.json"))["results"]
            for r in res:
                o = ours[(r["model"], phase)]
                theirs = r[key]["residues_per_s_aggregate"]
                mine = float(o["residues_per_s"])
                print(f"| {inp} | {r['model']} | {t} | {phase} | {mine:,.0f} | {float(o['gflop_per_s']):.0f} "
                      f"| {theirs:,.0f} | {mine / theirs:.2f}x | {float(o['peak_rss_mb']):.0f} |")
PY
