#!/usr/bin/env bash
# Scores a model (or several, averaged as an ensemble) and prints a Markdown table.
# Usage: bash scripts/evaluate-model.sh [--valid] [--profile-dir DIR [--by-depth]] [MODEL...]
#   (default model: models/default.ssrnn)
#   default: the test sets CB513 (mask & cbmask), NEW364 (mask), TEST2018 (no mask)
#   --valid: the validation split of netsurfp2_train (fraction 0.05, seed 1) that train-structure
#            holds out, written by `train-structure --write-valid`; use this one to choose models.
#   --profile-dir DIR: profiles of the sets in DIR/<set>.profiles (scripts/train-profile-model.sh
#            makes them: cb513, new364, test2018, netsurfp2_train), for profile models
#   --by-depth: then also a table of Q3/Q8 by profile depth (sequences in the alignment)
# Needs ../shared/data and a build in build/ (bash scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
valid=0 pdir="" bydepth=0
while [ $# -gt 0 ]; do
  case "$1" in
    --valid) valid=1; shift ;;
    --profile-dir) pdir=$2; shift 2 ;;
    --by-depth) bydepth=1; shift ;;
    *) break ;;
  esac
done
models=("$@")
[ ${#models[@]} -eq 0 ] && models=(models/default.ssrnn)
margs=()
for m in "${models[@]}"; do margs+=(--model "$m"); done
d=../shared/data
ev() { # SET EVALUATE-OPTIONS...: the set's profiles come from --profile-dir
  local set=$1
  shift
  local p=()
  [ -n "$pdir" ] && p=(--profiles "$pdir/$set.profiles")
  [ $bydepth = 1 ] && p+=(--by-depth)
  ./build/bin/evaluate-structure --threads 2 "${margs[@]}" "${p[@]}" --format json "$@"
}
row() {
  python3 -c 'import json,sys; j=json.load(sys.stdin); p3=j["per_class3"]; pp=j["per_protein"]
bins=" ".join("%s: %d / %.2f / %.2f;" % (b["depth"], b["records"], b["q3"], b["q8"]) for b in j.get("by_depth", []))
bins and print("depth bins (records / Q3 / Q8) of", sys.argv[1], "-", bins, file=sys.stderr)
print("| %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %.2f |" % (sys.argv[1], j["records"], j["residues"],
      j["q8"], j["q3"], j["sov8"], j["sov3"], pp["q3"], p3["H"]["f1"], p3["E"]["f1"], p3["C"]["f1"], j["calibration3"]["ece"]))' "$1"
}
echo "| data | records | residues | Q8 | Q3 | SOV8 | SOV3 | Q3 per protein | F1 H | F1 E | F1 C | ECE3 % |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
if [ $valid = 1 ]; then
  split=$(mktemp -d)/netsurfp2_valid.ss8
  ./build/bin/train-structure --train $d/netsurfp2_train/netsurfp2_train.ss8 \
    --train-mask $d/netsurfp2_train/netsurfp2_train.mask --valid-fraction 0.05 --seed 1 \
    --out "$split.unused" --write-valid "$split" 2>/dev/null
  ev netsurfp2_train --data "$split" --mask "$split.mask" | row "validation split (netsurfp2_train, 5 %, seed 1)"
  rm -rf "$(dirname "$split")"
  exit 0
fi
ev cb513 --data $d/cb513/cb513.ss8 --mask $d/cb513/cb513.mask --mask $d/cb513/cb513.cbmask | row "CB513 (mask & cbmask)"
ev new364 --data $d/new364/new364.ss8 --mask $d/new364/new364.mask | row "NEW364 (mask)"
ev test2018 --data $d/spot1d/test2018.ss8 | row "TEST2018 (no mask)"
