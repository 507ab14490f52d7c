#!/usr/bin/env bash
# Adds the disorder head (docs/training.md#disorder) to the bundled models: train-disorder-head on
# netsurfp2_train with its mask (mask 0 = residue unobserved in the structure = disordered), the
# validation split of every ssrnn model (5 % by record, split seed 1) held out, the networks frozen
# (their tensors are copied bit for bit, so the secondary structure does not change). Choices made
# on validation (models/README.md): 32 hidden units, positive weight 1, 6 epochs, lr 0.002.
# Rerunning on a model that already has a head replaces it with the same bytes (deterministic).
#   default  models/default.ssrnn (about 6.5 min on 2 cores, 5.9 GB peak: the top-layer states of
#            2.76 M residues are kept in memory)
#   profile  models/profile.ssrnn, each of its two members; needs the profiles of netsurfp2_train
#            ($PROFILES, default $SSRNN_CACHE_DIR/profiles/netsurfp2_train.profiles as
#            scripts/train-profile-model.sh makes them; with a prepared database, e.g.
#            build-profiles -t 2 --search-db DIR -o FILE netsurfp2_train.fa, 10,234 records in
#            about 45 min)
# Usage: bash scripts/train-disorder-heads.sh [default] [profile]   (default: both)
# Logs: runs/disorder-<model>.log. Each result is checked (version 2, loads) before it replaces the file.
# BUILD: the build folder (default build, as scripts/build.sh makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
d=../shared/data/netsurfp2_train
cache=${SSRNN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ssrnn}
profiles=${PROFILES:-$cache/profiles/netsurfp2_train.profiles}
build=${BUILD:-build} # the portable build of scripts/build.sh (the shipped heads were trained with it)
mkdir -p runs
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target train-disorder-head combine-models >/dev/null
head_for() { # NAME [extra options]
  local name=$1
  shift
  "$build/bin/train-disorder-head" --model "models/$name.ssrnn" --train "$d/netsurfp2_train.ss8" \
    --train-mask "$d/netsurfp2_train.mask" --valid-fraction 0.05 --split-seed 1 --hidden 32 \
    --positive-weight 1 --epochs 6 --lr 0.002 --seed 1 -t 2 -o "runs/$name-disorder.ssrnn" "$@" \
    2> "runs/disorder-$name.log"
  tail -1 "runs/disorder-$name.log" >&2
  # a model file of format version 2 (with the head) that loads
  [ "$(od -A n -t u4 -j 8 -N 4 "runs/$name-disorder.ssrnn" | tr -d ' ')" = 2 ]
  "$build/bin/combine-models" -o "runs/$name-check.ssrnn" "runs/$name-disorder.ssrnn" 2>/dev/null
  cp "runs/$name-disorder.ssrnn" "models/$name.ssrnn"
  echo "models/$name.ssrnn: disorder head added (runs/disorder-$name.log)" >&2
}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(default profile)
for t in "${targets[@]}"; do
  case $t in
  default) head_for default ;;
  profile)
    [ -s "$profiles" ] || { echo "no profiles at $profiles (see the header of this script)" >&2; exit 1; }
    head_for profile --train-profiles "$profiles" ;;
  *) echo "unknown model '$t' (default, profile)" >&2; exit 1 ;;
  esac
done
