#!/usr/bin/env bash
# Runs the Snakemake workflow and the CWL tool on small inputs with the tools in build/bin and
# checks that their output is byte-identical to direct predict-structure runs. Installs Debian's
# snakemake and cwltool if they are missing, and python3-setuptools: cwltool imports pkg_resources
# but Debian lists setuptools only as a Recommends, which a minimal system does not install.
# Usage: bash scripts/test-workflows.sh (after a build)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh snakemake cwltool python3-setuptools mmseqs2
export PATH="$PWD/build/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A small input with records of different lengths, a gzip copy, and an empty one.
cat data/example.fasta tests/data/ok.fasta > "$work/input.fasta"
gzip -c "$work/input.fasta" > "$work/input.fasta.gz"
: > "$work/empty.fasta"
failed=0
check() { # NAME EXPECTED ACTUAL
  if cmp -s "$2" "$3"; then echo "ok: $1"; else echo "FAILED: $1 ($2 vs $3)"; failed=1; fi
}
for fmt in tsv ss2 json; do
  for input in input.fasta input.fasta.gz empty.fasta; do
    predict-structure -q --format "$fmt" "$work/$input" > "$work/direct.$fmt"
    snakemake -s workflows/snakemake/Snakefile --cores 2 --quiet --directory "$work" \
      --config fasta="$work/$input" shards=3 format="$fmt" outdir="$work/sm-$fmt-$input" >/dev/null 2>"$work/snakemake.log" ||
      { cat "$work/snakemake.log" >&2; failed=1; }
    check "snakemake $input -> $fmt (3 shards)" "$work/direct.$fmt" "$work/sm-$fmt-$input/predictions.$fmt"
  done
done
# The CWL tool uses parameter references only, so that runners without Node.js (Debian's cwltool
# on a minimal system: nodejs is only recommended) can run it.
# shellcheck disable=SC2016 # a literal ${: CWL's JavaScript expression blocks
if grep -n 'InlineJavascriptRequirement\|\${' workflows/cwl/*.cwl; then
  echo "FAILED: workflows/cwl needs a JavaScript engine (use parameter references)"
  failed=1
fi
(cd "$work" && cwltool --quiet "$OLDPWD/workflows/cwl/predict-structure.cwl" --fasta input.fasta --format ss2 \
  > cwl.json 2> cwl.log) || { cat "$work/cwl.log" >&2; failed=1; }
predict-structure -q --format ss2 "$work/input.fasta" > "$work/direct.ss2"
check "cwltool predict-structure.cwl -> ss2" "$work/direct.ss2" "$work/input.ss2"
# Profile mode: the bundled profile model with a database prepare-database made (a tiny one: the
# input's own sequences), sharded by Snakemake and through CWL, against one direct run.
prepare-database "$work/input.fasta" -o "$work/db" 2> "$work/prepare.log" || { cat "$work/prepare.log" >&2; failed=1; }
predict-structure -q --model profile --search-db "$work/db" --format tsv "$work/input.fasta" > "$work/direct-profile.tsv"
snakemake -s workflows/snakemake/Snakefile --cores 2 --quiet --directory "$work" \
  --config fasta="$work/input.fasta" shards=2 format=tsv model=profile search_db="$work/db" \
  outdir="$work/sm-profile" >/dev/null 2>"$work/snakemake.log" || { cat "$work/snakemake.log" >&2; failed=1; }
check "snakemake profile model + prepared database -> tsv (2 shards)" "$work/direct-profile.tsv" \
  "$work/sm-profile/predictions.tsv"
mkdir -p "$work/cwl-profile"
(cd "$work/cwl-profile" && cwltool --quiet "$OLDPWD/workflows/cwl/predict-structure.cwl" --fasta ../input.fasta \
  --format tsv --bundled_model profile --search_db ../db > cwl.json 2> cwl.log) ||
  { cat "$work/cwl-profile/cwl.log" >&2; failed=1; }
check "cwltool profile model + prepared database -> tsv" "$work/direct-profile.tsv" "$work/cwl-profile/input.tsv"
# Profile mode from alignments: one A3M per record of the example (the query, a copy with
# substitutions and an insert, a fragment with end gaps), as a folder.
mkdir -p "$work/msa" "$work/ex"
cp data/example.fasta "$work/ex/example.fasta"
awk -v dir="$work/msa" '
  /^>/ { if (seq != "") emit(); name = substr($1, 2); seq = ""; next }
  { seq = seq $0 }
  END { emit() }
  function emit(   f, mut, n) {
    f = dir "/" name ".a3m"; n = length(seq)
    mut = seq; gsub(/K/, "R", mut); gsub(/L/, "I", mut)
    print ">" name > f; print seq > f
    print ">" name "_mut" > f; print substr(mut, 1, 5) "gs" substr(mut, 6) > f
    print ">" name "_frag" > f; print "--" substr(seq, 3, n - 4) "--" > f
    close(f)
  }' data/example.fasta
predict-structure -q --model profile --msa "$work/msa" --format tsv "$work/ex/example.fasta" > "$work/direct-msa.tsv"
snakemake -s workflows/snakemake/Snakefile --cores 2 --quiet --directory "$work" \
  --config fasta="$work/ex/example.fasta" shards=2 format=tsv model=profile msa="$work/msa" \
  outdir="$work/sm-msa" >/dev/null 2>"$work/snakemake.log" || { cat "$work/snakemake.log" >&2; failed=1; }
check "snakemake profile model + alignments -> tsv (2 shards)" "$work/direct-msa.tsv" "$work/sm-msa/predictions.tsv"
(cd "$work/ex" && cwltool --quiet "$OLDPWD/workflows/cwl/predict-structure.cwl" --fasta example.fasta \
  --format tsv --bundled_model profile --msa ../msa > cwl.json 2> cwl.log) ||
  { cat "$work/ex/cwl.log" >&2; failed=1; }
check "cwltool profile model + alignments -> tsv" "$work/direct-msa.tsv" "$work/ex/example.tsv"
exit $failed
