#!/usr/bin/env bash
# Issue 36's levers for the profile model, each measured on the validation split against a control
# (models/README.md, profile.ssrnn card, "What the levers gave"). Every run starts from member 1 of
# the profile model as it was when they were measured (two 2x256 networks, P and P2 fine-tuned;
# models/profile.ssrnn of commit 67a16cd, runs/levers/base.ssrnn) and trains 2 more epochs at
# lr 0.0005 (cosine) on alignment profiles:
#   control: netsurfp2_train only (what 2 more epochs give by themselves);
#   depth:   the same with the alignment's depth as one more input (--profile-depth; its weights
#            start at zero);
#   extra:   netsurfp2_train plus tianchi2020_nr and pisces2018_nr with their own alignments,
#            minus every extra record with >= 30 % identity (E <= 1e-3, >= 50 % coverage of either
#            sequence) to a validation record.
#   W384:    with PSSMS, a 2x384 network trained from scratch with P's recipe (the wider network).
# Then each is scored without the no-homolog fallback on the validation alignments, and
# optionally on alignments from a third search iteration (ITERATIONS=3 scripts/build-msas.sh).
#
# Usage: [PSSMS=FILE] bash scripts/profile-levers.sh DB WORK
#   DB: the prepared Swiss-Prot 2014 (prepare-database); WORK: a folder with room for ~2 GB of
#   alignments. Steps already done are skipped (rerun to resume). Builds build-native/ (as
#   scripts/train-profile-model.sh does); needs mmseqs. About 2 h on 2 cores, half of it the two
#   alignment searches (netsurfp2_train and the extra chains, 30 min each).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 DB WORK" >&2; exit 1; }
db=$1 w=$2
d=../shared/data
b=./build-native/bin
mkdir -p "$w" runs/levers
nsp=$d/netsurfp2_train/netsurfp2_train.ss8
fasta() { awk 'NR % 3 != 0' "$1"; }
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF > /dev/null
cmake --build build-native -j2 --target train-structure evaluate-structure combine-models > /dev/null

# the validation split (the one train-structure holds out: fraction 0.05, seed 1) and alignments
[ -s "$w/valid.ss8" ] || $b/train-structure --train "$nsp" --train-mask "${nsp%.ss8}.mask" 2>/dev/null \
  --valid-fraction 0.05 --split-seed 1 --write-valid "$w/valid.ss8" --out /dev/null
[ -s "$w/nsp.fa" ] || fasta "$nsp" > "$w/nsp.fa"
[ -d "$w/nsp-msas" ] || bash scripts/build-msas.sh "$w/nsp.fa" "$db" "$w/nsp-msas" 2
[ -s "$w/valid.fa" ] || fasta "$w/valid.ss8" > "$w/valid.fa"
[ -d "$w/valid-it3" ] || ITERATIONS=3 bash scripts/build-msas.sh "$w/valid.fa" "$db" "$w/valid-it3" 2

# the extra chains, minus homologs of the validation split, and their alignments
if [ ! -s "$w/extra.ss8" ]; then
  cat "$d/tianchi2020/tianchi2020_nr.ss8" "$d/pisces2018/pisces2018_nr.ss8" > "$w/extra-all.ss8"
  fasta "$w/extra-all.ss8" > "$w/extra-all.fa"
  rm -rf "$w/es-tmp"
  mmseqs easy-search "$w/extra-all.fa" "$w/valid.fa" "$w/extra-hits.m8" "$w/es-tmp" --threads 2 -e 1e-3 -v 1 \
    --format-output query,target,pident,evalue,qcov,tcov > /dev/null
  awk '$3 >= 30 && ($5 >= 0.5 || $6 >= 0.5) { print $1 }' "$w/extra-hits.m8" | sort -u > "$w/extra-drop.txt"
  awk 'NR == FNR { d[">" $1] = 1; next } FNR % 3 == 1 { keep = !($1 in d) } keep' "$w/extra-drop.txt" \
    "$w/extra-all.ss8" > "$w/extra.ss8.tmp"
  mv "$w/extra.ss8.tmp" "$w/extra.ss8"
fi
[ -s "$w/extra.fa" ] || fasta "$w/extra.ss8" > "$w/extra.fa"
[ -d "$w/extra-msas" ] || bash scripts/build-msas.sh "$w/extra.fa" "$db" "$w/extra-msas" 2

base=runs/levers/base.ssrnn
[ -s $base ] || git show 67a16cd:models/profile.ssrnn > $base
[ -s runs/levers/P1.ssrnn ] || $b/combine-models --member 1 -o runs/levers/P1.ssrnn $base
common=(--init runs/levers/P1.ssrnn --train "$nsp" --train-mask "${nsp%.ss8}.mask" --train-profiles "$w/nsp-msas"
  --valid-fraction 0.05 --split-seed 1 --seed 1 --batch 32 --lr 0.0005 --schedule cosine --clip-norm 1
  --profile-dropout 0.1 --epochs 2 --dropout 0.25 --threads 2)
run() {
  local name=$1; shift
  [ -s "runs/levers/$name.ssrnn" ] && return 0
  /usr/bin/time -v $b/train-structure "${common[@]}" "$@" --out "runs/levers/$name.ssrnn" \
    > "runs/levers/$name.log" 2>&1
}
run control
run depth --profile-depth
run extra --extra-train "$w/extra.ss8" --extra-train-profiles "$w/extra-msas"

# each network alone (no fallback), then each in place of member 1 of the shipped ensemble (with
# the default model for records without homologs, as shipped); PSSMS: a profile file of the
# netsurfp2_train records (build-profiles), optional
[ -s runs/levers/P2.ssrnn ] || $b/combine-models --member 2 -o runs/levers/P2.ssrnn $base
score() { # MODEL PROFILES [options]
  $b/evaluate-structure --model "$1" --profiles "$2" --data "$w/valid.ss8" --mask "$w/valid.ss8.mask" -t 2 "${@:3}" |
    awk '$1 == "Q8" || $1 == "Q3" { printf "%s %s  ", $1, $2 }'
}
for m in P1 control depth extra; do
  [ $m = P1 ] || [ -s "runs/levers/E-$m.ssrnn" ] ||
    $b/combine-models -o "runs/levers/E-$m.ssrnn" "runs/levers/$m.ssrnn" runs/levers/P2.ssrnn 2>/dev/null
  e=runs/levers/E-$m.ssrnn
  [ $m = P1 ] && e=$base
  echo "$m alone, alignments: $(score "runs/levers/$m.ssrnn" "$w/nsp-msas" --no-homolog-model none)"
  echo "$m alone, third-iteration alignments: $(score "runs/levers/$m.ssrnn" "$w/valid-it3" --no-homolog-model none)"
  echo "$m + P2, alignments: $(score "$e" "$w/nsp-msas")"
  [ -n "${PSSMS:-}" ] && echo "$m + P2, PSSMs: $(score "$e" "$PSSMS")"
done

# a wider network: W, 2x384, trained from scratch with P's recipe on the PSSMs (83 min on 2 threads),
# alone and in place of member 1 (W is not fine-tuned on alignments)
if [ -n "${PSSMS:-}" ]; then
  [ -s runs/levers/W384.ssrnn ] || $b/train-structure --train "$nsp" --train-mask "${nsp%.ss8}.mask" \
    --train-profiles "$PSSMS" --valid-fraction 0.05 --split-seed 1 --seed 1 --encoding both --layers 2 \
    --hidden 384 --batch 32 --lr 0.002 --schedule cosine --clip-norm 1 --dropout 0.25 --profile-dropout 0.1 \
    --epochs 8 --threads 2 --out runs/levers/W384.ssrnn > runs/levers/W384.log 2>&1
  [ -s runs/levers/E-W384.ssrnn ] ||
    $b/combine-models -o runs/levers/E-W384.ssrnn runs/levers/W384.ssrnn runs/levers/P2.ssrnn 2>/dev/null
  echo "W384 alone, PSSMs: $(score runs/levers/W384.ssrnn "$PSSMS" --no-homolog-model none)"
  echo "W384 + P2, PSSMs: $(score runs/levers/E-W384.ssrnn "$PSSMS")"
  echo "W384 + P2, alignments: $(score runs/levers/E-W384.ssrnn "$w/nsp-msas")"
  # W fine-tuned on alignments like P (11 min): with P2 the shipped model's networks
  [ -s runs/levers/W384-msa.ssrnn ] || $b/train-structure "${common[@]/runs\/levers\/P1.ssrnn/runs/levers/W384.ssrnn}" \
    --out runs/levers/W384-msa.ssrnn > runs/levers/W384-msa.log 2>&1
  [ -s runs/levers/E-W384-msa.ssrnn ] ||
    $b/combine-models -o runs/levers/E-W384-msa.ssrnn runs/levers/W384-msa.ssrnn runs/levers/P2.ssrnn 2>/dev/null
  for p in "PSSMs $PSSMS" "alignments $w/nsp-msas"; do
    echo "W384 fine-tuned alone, ${p%% *}: $(score runs/levers/W384-msa.ssrnn "${p#* }" --no-homolog-model none)"
    echo "W384 fine-tuned + P2, ${p%% *}: $(score runs/levers/E-W384-msa.ssrnn "${p#* }")"
  done
fi
