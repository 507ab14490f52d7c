#!/usr/bin/env bash
# ssrnn in HH-suite's place for PSIPRED (docs/integrations.md), with Debian's hhsuite package:
# builds a small A3M database here (ffindex), annotates every entry with ssrnn-addss under
# ffindex_apply (stdin to stdout), checks each with HH-suite's own A3M checker (check_a3m.py),
# builds HHMs with hhmake (they carry the predicted SS) and aligns two of them with hhalign -ssm 2.
# Also RoseTTAFold's make_ss.sh shape (--ss-only, put in front of the alignment with cat).
# Usage: bash scripts/test-hhsuite.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(cd "${1:-build}" && pwd)/bin"
bash scripts/install-deps.sh hhsuite python3
checker=/usr/share/hhsuite/scripts/check_a3m.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/a3m"
# Three alignments from the bundled example: the query, a copy with substitutions and an
# insertion (lowercase), and a row with end gaps.
awk -v dir="$work/a3m" '
  /^>/ { if (seq) emit(); name = substr($1, 2); seq = ""; next }
  { seq = seq $0 }
  END { emit() }
  function emit(   f, mut, n) {
    f = dir "/" name ".a3m"; n = length(seq)
    mut = seq; gsub(/K/, "R", mut); gsub(/L/, "I", mut)
    print "#" name > f
    print ">" name > f; print seq > f
    print ">" name "_mut" > f; print substr(mut, 1, 5) "gs" substr(mut, 6) > f
    print ">" name "_frag" > f; print "--" substr(seq, 3, n - 4) "--" > f
    close(f)
  }' data/example.fasta
ffindex_build -s "$work/db_a3m.ffdata" "$work/db_a3m.ffindex" "$work/a3m" >/dev/null
ffindex_apply "$work/db_a3m.ffdata" "$work/db_a3m.ffindex" -i "$work/ss_a3m.ffindex" -d "$work/ss_a3m.ffdata" \
  -- "$bin/ssrnn-addss" >"$work/apply.out" 2>"$work/apply.log"
entries=$(wc -l < "$work/ss_a3m.ffindex")
[ "$entries" -eq 3 ] || { echo "test-hhsuite: ffindex_apply wrote $entries entries, expected 3" >&2; cat "$work/apply.log" >&2; exit 1; }
for name in ubiquitin trp-cage melittin; do
  ffindex_get "$work/ss_a3m.ffdata" "$work/ss_a3m.ffindex" "$name.a3m" | tr -d '\000' > "$work/$name.ss.a3m"
  # the same bytes as ssrnn-addss run on the file directly
  "$bin/ssrnn-addss" "$work/a3m/$name.a3m" 2>/dev/null | cmp - "$work/$name.ss.a3m"
  python3 "$checker" "$work/$name.ss.a3m"
  grep -q '^>ss_pred' "$work/$name.ss.a3m" && grep -q '^>ss_conf' "$work/$name.ss.a3m"
  hhmake -v 0 -i "$work/$name.ss.a3m" -o "$work/$name.hhm"
  grep -q '^>ss_pred' "$work/$name.hhm" || { echo "test-hhsuite: $name.hhm carries no >ss_pred" >&2; exit 1; }
done
# The profile model, its profile computed from each entry's own alignment (as addss.pl's PSIPRED
# reads the alignment): the same checks.
ffindex_apply "$work/db_a3m.ffdata" "$work/db_a3m.ffindex" -i "$work/prof_a3m.ffindex" -d "$work/prof_a3m.ffdata" \
  -- "$bin/ssrnn-addss" --model profile >"$work/apply_prof.out" 2>"$work/apply_prof.log"
for name in ubiquitin trp-cage melittin; do
  ffindex_get "$work/prof_a3m.ffdata" "$work/prof_a3m.ffindex" "$name.a3m" | tr -d '\000' > "$work/$name.prof.a3m"
  "$bin/ssrnn-addss" --model profile "$work/a3m/$name.a3m" 2>/dev/null | cmp - "$work/$name.prof.a3m"
  python3 "$checker" "$work/$name.prof.a3m"
  hhmake -v 0 -i "$work/$name.prof.a3m" -o "$work/$name.prof.hhm"
  grep -q '^>ss_pred' "$work/$name.prof.hhm" || { echo "test-hhsuite: $name.prof.hhm carries no >ss_pred" >&2; exit 1; }
done
hhalign -v 0 -i "$work/ubiquitin.hhm" -t "$work/ubiquitin.hhm" -ssm 2 -o "$work/self.hhr"
# The hit list's SS column: the secondary-structure score hhalign added (0 without ss_pred).
ss=$(awk '$1 == "1" && $3 ~ /^[0-9.]+$/ { print $7; exit }' "$work/self.hhr")
awk -v s="${ss:-0}" 'BEGIN { exit !(s > 0) }' || { echo "test-hhsuite: hhalign -ssm 2 gave no SS score" >&2; sed -n 1,12p "$work/self.hhr" >&2; exit 1; }
# RoseTTAFold's make_ss.sh shape: two records, then cat in front of the alignment.
"$bin/ssrnn-addss" --ss-only "$work/a3m/ubiquitin.a3m" > "$work/t000_.ss2" 2>/dev/null
[ "$(grep -c '^>' "$work/t000_.ss2")" -eq 2 ]
cat "$work/t000_.ss2" "$work/a3m/ubiquitin.a3m" > "$work/t000_.msa0.ss2.a3m"
python3 "$checker" "$work/t000_.msa0.ss2.a3m"
hhmake -v 0 -i "$work/t000_.msa0.ss2.a3m" -o "$work/t000_.hhm"
echo "test-hhsuite: 3 A3M entries annotated under ffindex_apply (default and profile model), accepted by check_a3m.py, HHMs with >ss_pred from hhmake, hhalign -ssm 2 aligned; make_ss.sh shape checked" >&2
