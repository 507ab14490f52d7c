#!/usr/bin/env bash
# Side-by-side speed of ssrnn and the PyTorch reference (../shared/bench/torch_bilstm_bench.py) on
# the same sequences, in one run: 2x256 and 1x128 BiLSTMs (one-hot input, 8 outputs), training
# (forward + BPTT + Adam, batch 32) and prediction, with 1 and 2 threads, on CB513 and on synthetic
# sequences (log-normal lengths, median 220, clipped to 30..700, fixed seed). Prints a table of
# residues/s and the ssrnn/PyTorch ratios; raw outputs stay in the work directory.
#
# Then whole processes (WHOLE=0 skips them), the README's portable build (build/) and the native
# build (build-native/) back to back: predict-structure on CB513 three times over and train-structure
# on the first TRAIN_RECORDS (5,000) records of netsurfp2_train, one epoch, 1 and 2 threads, wall
# clock and peak RSS of the whole process, against PyTorch's rate on the same sequences.
# SWISSPROT=1 adds Swiss-Prot: every 20th sequence of swissprot2014.fasta.gz through PyTorch's
# 2x256, ssrnn-bench's 2x256 and predict-structure with the default model (the ratio), and all of
# it through predict-structure (gz in, TSV out, about an hour; the TSV, ~15 GB, goes to WORKDIR);
# SWISSPROT=sample stops after the every-20th runs.
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
cmake --build build-native -j2 --target ssrnn-bench gemm-peak predict-structure train-structure >/dev/null
sp_mode=${SWISSPROT:-0}
if [ "${WHOLE:-1}" = 1 ] || [ "$sp_mode" != 0 ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build -j2 --target ssrnn-bench predict-structure train-structure >/dev/null
fi
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

[ "${WHOLE:-1}" = 1 ] || [ "$sp_mode" != 0 ] || exit 0
# Whole processes: /usr/bin/time's wall clock and peak RSS of each run, one line per run.
for _ in 1 2 3; do cat "$work/cb513.fasta"; done > "$work/cb513x3.fasta"
n=$((3 * ${TRAIN_RECORDS:-5000}))
head -n "$n" "$shared/data/netsurfp2_train/netsurfp2_train.ss8" > "$work/train.ss8"
head -n "$n" "$shared/data/netsurfp2_train/netsurfp2_train.mask" > "$work/train.mask"
[ -s "$work/2x256.ssrnn" ] || build/bin/train-structure --train "$work/train.ss8" --train-mask "$work/train.mask" \
  --valid-fraction 0.05 --epochs 1 --layers 2 --hidden 256 --encoding onehot --out "$work/2x256.ssrnn" 2>/dev/null
whole() { # NAME BUILD THREADS COMMAND...: appends "name build threads residues wall_s peak_kb" to whole.tsv
  local name=$1 b=$2 t=$3
  shift 3
  /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>"$work/$name-$b-$t.log"
  printf '%s\t%s\t%s\t%s\n' "$name" "$b" "$t" "$(tr ' ' '\t' < "$work/time.txt")" >> "$work/whole.tsv"
}
if [ "${WHOLE:-1}" = 1 ]; then
  : > "$work/whole.tsv"
  "${torch_env[@]}" /usr/bin/python3 "$shared/bench/torch_bilstm_bench.py" --models 2x256 --input "$work/train.ss8" \
    --iters 0 --threads 2 --mode padded --phase train --json "$work/torch-train-whole.json" >&2
  for b in build build-native; do
    for t in 1 2; do
      whole predict "$b" "$t" "$b/bin/predict-structure" --model "$work/2x256.ssrnn" --threads "$t" -q \
        -o "$work/out.ss8" "$work/cb513x3.fasta"
      whole train "$b" "$t" "$b/bin/train-structure" --train "$work/train.ss8" --train-mask "$work/train.mask" \
        --valid-fraction 0.05 --epochs 1 --layers 2 --hidden 256 --encoding onehot --threads "$t" \
        --out "$work/trained.ssrnn"
    done
  done
  /usr/bin/python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
lines = open(f"{work}/cb513x3.fasta").read().split("\n")
# training residues as train-structure counts them (the validation records are held out)
logged = open(f"{work}/train-build-2.log").read()
res = {"predict": sum(len(l) for l in lines if l and not l.startswith(">")),
       "train": int(re.search(r"training records \((\d+) residues\)", logged).group(1))}
torch = {"predict": json.load(open(f"{work}/torch-infer-cb513-2.json"))["results"],
         "train": json.load(open(f"{work}/torch-train-whole.json"))["results"]}
print()
print("| whole process | build | threads | wall s | residues/s | PyTorch 2x256 loop res/s | ratio | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|")
for line in open(f"{work}/whole.tsv"):
    name, b, t, wall, kb = line.split()
    key = "infer" if name == "predict" else "train"
    theirs = next(r for r in torch[name] if r["model"] == "2x256")[key]["residues_per_s_aggregate"]
    rate = res[name] / float(wall)
    what = "predict-structure, 3x CB513" if name == "predict" else "train-structure, 1 epoch"
    ratio = f"{rate / theirs:.2f}x" if t == "2" else "-"
    print(f"| {what} | {b} | {t} | {float(wall):.1f} | {rate:,.0f} | {theirs:,.0f} | {ratio} | {int(kb) / 1024:.0f} |")
PY
fi
[ "$sp_mode" != 0 ] || exit 0
# Swiss-Prot: the ratio on every 20th sequence, then all of it with the default model.
sp=$shared/data/swissprot2014/swissprot2014.fasta.gz
zcat "$sp" | awk '/^>/ {n++} n % 20 == 1' > "$work/sp20.fasta"
"${torch_env[@]}" /usr/bin/python3 "$shared/bench/torch_bilstm_bench.py" --models 2x256 --input "$work/sp20.fasta" \
  --iters 0 --threads 2 --mode packed --phase infer --json "$work/torch-infer-sp20.json" >&2
build/bin/ssrnn-bench --models 2x256 --input "$work/sp20.fasta" --phase predict --threads 2 | tee "$work/ssrnn-sp20.tsv" >&2
: > "$work/whole-sp.tsv"
for b in build build-native; do
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$b/bin/predict-structure" --threads 2 -q --format tsv \
    -o "$work/sp20.tsv" "$work/sp20.fasta"
  printf 'every-20th\t%s\t%s\n' "$b" "$(cat "$work/time.txt")" >> "$work/whole-sp.tsv"
done
if [ "$sp_mode" = 1 ]; then
  /usr/bin/time -f "%e %M" -o "$work/time.txt" build/bin/predict-structure --threads 2 -q --format tsv \
    -o "$work/swissprot.tsv" "$sp"
  printf 'all\tbuild\t%s\n' "$(cat "$work/time.txt")" >> "$work/whole-sp.tsv"
fi
/usr/bin/python3 - "$work" "$sp" <<'PY'
import csv, gzip, json, sys
work, sp = sys.argv[1], sys.argv[2]
def residues(lines):
    return sum(len(l.strip()) for l in lines if not l.startswith(">"))
n20 = residues(open(f"{work}/sp20.fasta"))
theirs = json.load(open(f"{work}/torch-infer-sp20.json"))["results"][0]["infer"]["residues_per_s_aggregate"]
bench = float(next(csv.DictReader(open(f"{work}/ssrnn-sp20.tsv"), delimiter="\t"))["residues_per_s"])
print()
print(f"Swiss-Prot, every 20th sequence ({n20:,} residues), 2 threads: PyTorch 2x256 {theirs:,.0f} residues/s, "
      f"ssrnn-bench 2x256 (portable) {bench:,.0f} = {bench / theirs:.2f}x")
print("| Swiss-Prot, predict-structure, default model, gz/FASTA in, TSV out | build | wall s | residues/s | ratio to PyTorch | peak RSS MB |")
print("|---|---|---|---|---|---|")
for line in open(f"{work}/whole-sp.tsv"):
    what, b, wall, kb = line.split()
    n = n20 if what == "every-20th" else residues(gzip.open(sp, "rt"))
    rate = n / float(wall)
    print(f"| {what} | {b} | {float(wall):.0f} | {rate:,.0f} | {rate / theirs:.2f}x | {int(kb) / 1024:.0f} |")
PY
