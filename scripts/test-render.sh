#!/usr/bin/env bash
# The pictures in a real renderer and a real browser (issue 34): renders predict-structure's and
# evaluate-structure's SVG charts with rsvg-convert (librsvg2-bin) and opens the HTML report in
# headless Chromium for a screenshot; every PNG must be non-blank (scripts/png_check.py), the
# screenshot of the requested size with nothing cut off at its right edge. With --update, also
# refreshes the README's images in docs/img/. Needs a build (scripts/build.sh).
# Usage: bash scripts/test-render.sh [--update]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh librsvg2-bin chromium python3
[ -x build/bin/predict-structure ] || { echo "test-render: build/ first (bash scripts/build.sh)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=build/bin
"$bin/predict-structure" -q -f svg --outdir "$work/svg" data/example.fasta
"$bin/predict-structure" -q -f svg --ss8 --chart-probabilities -o "$work/all8.svg" data/example.fasta
"$bin/predict-structure" -q -f html -o "$work/report.html" data/example.fasta
"$bin/evaluate-structure" --format svg --data tests/data/ok.ss8 --mask tests/data/ok.mask > "$work/eval.svg"
"$bin/evaluate-structure" --format html --data tests/data/ok.ss8 --mask tests/data/ok.mask > "$work/eval.html"
for f in "$work"/svg/*.svg "$work/all8.svg" "$work/eval.svg"; do
  rsvg-convert -o "${f%.svg}.png" "$f"
done
shot() { # HTML PNG
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1400 \
    --screenshot="$2" "file://$1" >/dev/null 2>&1
}
shot "$work/report.html" "$work/report.png"
shot "$work/eval.html" "$work/eval-html.png"
/usr/bin/python3 scripts/png_check.py "$work"/svg/*.png "$work/all8.png" "$work/eval.png"
/usr/bin/python3 scripts/png_check.py --fits --size 1000x1400 "$work/report.png" "$work/eval-html.png"
if [ "${1:-}" = "--update" ]; then
  cp "$work/svg/ubiquitin.png" docs/img/chart-ubiquitin.png
  # Prediction against structure: CB513's first record (a test set, shown, never tuned on).
  if [ -f ../shared/data/cb513/cb513.ss8 ]; then
    head -3 ../shared/data/cb513/cb513.ss8 > "$work/one.ss8"
    head -3 ../shared/data/cb513/cb513.mask > "$work/one.mask"
    "$bin/evaluate-structure" --format svg --data "$work/one.ss8" --mask "$work/one.mask" > "$work/one.svg"
    rsvg-convert -o docs/img/chart-vs-structure.png "$work/one.svg"
  fi
  echo "test-render: docs/img/chart-ubiquitin.png and docs/img/chart-vs-structure.png updated"
fi
echo "test-render: rsvg-convert rendered every chart and Chromium the HTML reports: none blank, nothing cut off"
