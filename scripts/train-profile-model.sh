#!/usr/bin/env bash
# Trains the bundled profile model (models/profile.ssrnn) on a 2-core machine; models/README.md
# has the measured times. Every stage is resumable: rerun the script after an interruption.
#   1. profiles (build-profiles, MMseqs2 against ../shared/data/swissprot2014) of netsurfp2_train
#      (training records and the validation split) and of the test sets CB513, NEW364, TEST2018,
#      into $SSRNN_CACHE_DIR/profiles (default ~/.cache/ssrnn/profiles); finished chunks of an
#      interrupted search are reused, finished files skipped;
#   2. train-structure on netsurfp2_train with its mask and profiles; the validation split is the
#      one of every ssrnn model (5 % of netsurfp2_train by record, split seed 1); the best
#      validation Q8 epoch is kept; --time-limit stops it with a checkpoint, rerun with --resume;
#   3. copies the model to models/profile.ssrnn.
# Swiss-Prot is only the search database here (the profiles' homologs): no Swiss-Prot sequence is
# trained on or labelled, so swissprot2014.test_homologs.txt does not apply (searching *against*
# those accessions is allowed, PROVENANCE.md). Training data: netsurfp2_train's PDB chains only.
# The shipped file also carries a disorder head: after shipping, run
#   bash scripts/train-disorder-heads.sh profile (frozen network, minutes; docs/training.md#disorder).
# Usage: bash scripts/train-profile-model.sh [extra train-structure options, e.g. --resume]
# Logs: runs/profile-search.log, runs/P.log. Then: bash scripts/evaluate-model.sh --valid
#   --profile-dir ~/.cache/ssrnn/profiles --by-depth models/profile.ssrnn
set -euo pipefail
cd "$(dirname "$0")/.."
d=../shared/data
cache=${SSRNN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ssrnn}
pdir=$cache/profiles
mkdir -p runs "$pdir"
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF >/dev/null
cmake --build build-native -j2 --target train-structure build-profiles >/dev/null
for set in cb513/cb513 new364/new364 spot1d/test2018 netsurfp2_train/netsurfp2_train; do
  name=$(basename $set)
  [ -s "$pdir/$name.profiles" ] && continue
  # the 3-line labelled file as FASTA (ID and sequence lines)
  awk 'NR % 3 == 1 || NR % 3 == 2' "$d/$set.ss8" > "$pdir/$name.fa"
  echo "== $name $(date -u)" >> runs/profile-search.log
  /usr/bin/time -v ./build-native/bin/build-profiles --threads 2 --chunk 2000 \
    --search-db "$d/swissprot2014/swissprot2014.fasta.gz" -o "$pdir/$name.profiles" "$pdir/$name.fa" \
    2>> runs/profile-search.log
done
./build-native/bin/train-structure --train "$d/netsurfp2_train/netsurfp2_train.ss8" \
  --train-mask "$d/netsurfp2_train/netsurfp2_train.mask" --train-profiles "$pdir/netsurfp2_train.profiles" \
  --valid-fraction 0.05 --split-seed 1 --seed 1 --encoding both --layers 2 --hidden 256 --batch 32 --lr 0.002 \
  --schedule cosine --clip-norm 1 --dropout 0.25 --profile-dropout 0.1 --epochs 8 --threads 2 --time-limit 170 \
  --out runs/P.ssrnn "$@" >> runs/P.log 2>&1 || code=$?
if [ "${code:-0}" = 75 ]; then # stopped at --time-limit with a checkpoint
  echo "time limit reached; rerun with --resume to finish" >&2
  exit 0
fi
[ "${code:-0}" = 0 ] || { echo "train-structure failed (exit code $code; runs/P.log)" >&2; exit "$code"; }
cp runs/P.ssrnn models/profile.ssrnn
