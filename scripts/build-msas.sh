#!/usr/bin/env bash
# A3M alignments of a FASTA file's records from the MMseqs2 profile search that build-profiles
# runs (the same parameters), one file per record, named by record ID: the training and test
# alignments of the profile model (docs/profiles.md, "Profiles from alignments").
#
# Usage: [ITERATIONS=N] bash scripts/build-msas.sh QUERIES.fasta DB OUTDIR [THREADS]
#   DB: a directory made by prepare-database (or an MMseqs2 database with its index).
#   ITERATIONS: search iterations (default 2, as build-profiles; 3 is the lever measured in
#   docs/profiles.md).
# Resumable: the search result is kept in OUTDIR.work until the alignments are written; a rerun
# after an interruption reruns only the steps whose output is missing.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 QUERIES.fasta DB OUTDIR [THREADS]" >&2; exit 1; }
q=$1 db=$2 out=$3 t=${4:-2} it=${ITERATIONS:-2}
[ -d "$db" ] && db=$db/db
w=$out.work
mkdir -p "$w"
ms() { echo "[build-msas] mmseqs $1" >&2; mmseqs "$@"; }
[ -e "$w/qdb.dbtype" ] || ms createdb "$q" "$w/qdb" --shuffle 0 -v 1
if [ ! -e "$w/res.done" ]; then
  rm -rf "$w/res"* "$w/tmp"
  ms search "$w/qdb" "$db" "$w/res" "$w/tmp" --num-iterations "$it" -s 7.5 -e 0.001 --e-profile 0.001 \
    --max-seqs 1000 -a --db-load-mode 2 --threads "$t" -v 1
  touch "$w/res.done"
fi
if [ ! -e "$w/msa.done" ]; then
  rm -rf "$w/msa"*
  ms result2msa "$w/qdb" "$db" "$w/res" "$w/msa" --msa-format-mode 5 --db-load-mode 2 --threads "$t" -v 1
  touch "$w/msa.done"
fi
# one file per record, named by the query's ID (its first word)
tmp=$out.tmp
rm -rf "$tmp"; mkdir -p "$tmp"
ms unpackdb "$w/msa" "$tmp" --unpack-name-mode 0 -v 1
while IFS=$'\t' read -r key name _; do
  id=${name%% *}
  mv "$tmp/$key" "$tmp/$id.a3m"
done < "$w/qdb.lookup"
rm -rf "$out"; mv "$tmp" "$out"; rm -rf "$w"
echo "[build-msas] $(ls "$out" | wc -l) alignments in $out" >&2
