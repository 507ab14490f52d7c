#!/usr/bin/env bash
# Profile mode in seconds (docs/performance.md, "Profile mode"): prepares Swiss-Prot 2014 once
# with prepare-database (timed, with its disk), then times on THREADS threads (default 2):
#  1. predict-structure with the profile model on the bundled 3-record example, twice (the first
#     run may read the index from disk; the second finds it in the page cache),
#  2. the MMseqs2 search alone for the same 3 records, as ssrnn runs it,
#  3. a 500-record batch (the first 500 records of netsurfp2_train, as FASTA): records/s, residues/s.
# Usage: bash bench/profile-search-speed.sh [BUILD_DIR] [DB_DIR]
#   DB_DIR default: ${SSRNN_CACHE_DIR:-$HOME/.cache/ssrnn}/prepared/swissprot2014 (about 2.4 GB)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(cd "${1:-build}" && pwd)/bin"
db=${2:-${SSRNN_CACHE_DIR:-$HOME/.cache/ssrnn}/prepared/swissprot2014}
threads=${THREADS:-2}
fasta=../shared/data/swissprot2014/swissprot2014.fasta.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t() { /usr/bin/time -f "%e s wall, %U s user, %M KB peak" "$@"; }
if [ ! -d "$db" ]; then
  mkdir -p "$(dirname "$db")"
  echo "== prepare-database $fasta -o $db -t $threads" >&2
  t "$bin/prepare-database" -t "$threads" "$fasta" -o "$db"
fi
du -sh "$db" >&2
echo "== predict-structure, profile model, data/example.fasta (3 records), $threads threads: two runs" >&2
for run in 1 2; do
  t "$bin/predict-structure" -q -t "$threads" --model models/profile.ssrnn --search-db "$db" -f ss8 \
    -o "$work/example.$run.ss8" data/example.fasta
done
cmp "$work/example.1.ss8" "$work/example.2.ss8"
echo "== the search alone (mmseqs search, as ssrnn runs it)" >&2
mmseqs createdb data/example.fasta "$work/qdb" -v 1 >/dev/null
t mmseqs search "$work/qdb" "$db/db" "$work/res" "$work/tmp" --num-iterations 2 -s 7.5 -e 0.001 --e-profile 0.001 \
  --max-seqs 1000 -a --threads "$threads" -v 1 --db-load-mode 2 >/dev/null
echo "== 500 records (netsurfp2_train 1-500)" >&2
awk 'NR % 3 == 1 { print } NR % 3 == 2 { print } NR >= 1500 { exit }' ../shared/data/netsurfp2_train/netsurfp2_train.ss8 \
  > "$work/batch.fasta"
residues=$(awk '!/^>/ { n += length($0) } END { print n }' "$work/batch.fasta")
start=$(date +%s.%N)
"$bin/predict-structure" -q -t "$threads" --model models/profile.ssrnn --search-db "$db" -f ss8 \
  -o "$work/batch.ss8" "$work/batch.fasta"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v r="$residues" 'BEGIN { w = e - s;
  printf "500 records, %d residues in %.1f s: %.2f records/s, %.0f residues/s\n", r, w, 500 / w, r / w }' >&2
