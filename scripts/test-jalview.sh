#!/usr/bin/env bash
# predict-structure --format jalview loaded by Debian's Jalview, headless: the bundled example's
# annotation file onto its FASTA, rendered to SVG, which must carry the three ssrnn rows per record.
# Jalview is large (Java): this script does not install it, and says so and exits 0 when it is
# missing (apt-get install jalview to run it).
# Usage: bash scripts/test-jalview.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(cd "${1:-build}" && pwd)/bin"
if ! command -v jalview >/dev/null; then
  echo "test-jalview: SKIPPED: jalview is not installed (apt-get install jalview)" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp data/example.fasta "$work/example.fa"
"$bin/predict-structure" --format jalview -o "$work/example.jalview" data/example.fasta 2>/dev/null
(cd "$work" && HOME="$work" timeout 300 jalview -nodisplay -open example.fa -annotations example.jalview -svg out.svg \
  >jalview.log 2>&1) || { cat "$work/jalview.log" >&2; exit 1; }
grep -q 'annotations example.jalview\] executed successfully' "$work/jalview.log"
for row in "ssrnn SS3" "ssrnn SS8" "ssrnn confidence"; do
  n=$(grep -o "$row" "$work/out.svg" | wc -l)
  [ "$n" -eq 3 ] || { echo "test-jalview: '$row' drawn $n times in Jalview's SVG, expected 3 (one per record)" >&2; exit 1; }
done
echo "test-jalview: Jalview loaded the annotation file headless; SVG with SS3, SS8 and confidence rows for 3 records" >&2
