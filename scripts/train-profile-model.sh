#!/usr/bin/env bash
# Trains the bundled profile model (models/profile.ssrnn) on a 2-core machine, the whole recipe of
# the shipped file (models/README.md, profile.ssrnn card, has the measured times). Every stage is
# resumable: rerun the script after an interruption (finished outputs are skipped, a training
# stopped at its time limit continues from its checkpoint).
#   1. PSSM profiles (build-profiles, MMseqs2 against ../shared/data/swissprot2014) of
#      netsurfp2_train (training records and the validation split) and of the test sets CB513,
#      NEW364, TEST2018, into $SSRNN_CACHE_DIR/profiles (default ~/.cache/ssrnn/profiles);
#   2. the prepared Swiss-Prot 2014 (prepare-database, $SSRNN_CACHE_DIR/prepared/swissprot2014)
#      and A3M alignments of netsurfp2_train from the same search (scripts/build-msas.sh,
#      $SSRNN_CACHE_DIR/msas/netsurfp2_train);
#   3. the two members on the PSSM profiles: W (2x384, cross-entropy, dropout 0.25, seed 1,
#      8 epochs) and P2 (2x256, label smoothing 0.05 + 0.5 x 3-state cross-entropy, dropout 0.3,
#      seed 2, 10 epochs); both lr 0.002 cosine, batch 32, clipping at norm 1, --profile-dropout
#      0.1, the validation split of every ssrnn model held out (5 % of netsurfp2_train by record,
#      split seed 1), the best validation Q8 epoch kept;
#   4. each fine-tuned (--init) for 2 epochs at lr 0.0005 on profiles from the alignments, its
#      objective, dropout and seed kept, so one model serves PSSMs and alignments;
#   5. combine-models into models/profile.ssrnn, then the disorder heads
#      (scripts/train-disorder-heads.sh profile, on the PSSM profiles), then the header's paths
#      made portable (scripts/portable-provenance.py).
# Swiss-Prot is only the search database here (the profiles' homologs): no Swiss-Prot sequence is
# trained on or labelled, so swissprot2014.test_homologs.txt does not apply (searching *against*
# those accessions is allowed, PROVENANCE.md). Training data: netsurfp2_train's PDB chains only.
# Usage: bash scripts/train-profile-model.sh
# Logs: runs/profile-search.log, runs/{W,P2,W-msa,P2-msa}.log. Then: bash scripts/evaluate-model.sh
#   --valid --profile-dir ~/.cache/ssrnn/profiles --by-depth models/profile.ssrnn
set -euo pipefail
cd "$(dirname "$0")/.."
d=../shared/data
cache=${SSRNN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ssrnn}
pdir=$cache/profiles db=$cache/prepared/swissprot2014 msas=$cache/msas/netsurfp2_train
b=./build-native/bin
mkdir -p runs "$pdir" "$(dirname "$db")" "$(dirname "$msas")"
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF >/dev/null
cmake --build build-native -j2 --target train-structure build-profiles prepare-database combine-models >/dev/null
for set in cb513/cb513 new364/new364 spot1d/test2018 netsurfp2_train/netsurfp2_train; do
  name=$(basename $set)
  [ -s "$pdir/$name.profiles" ] && continue
  # the 3-line labelled file as FASTA (ID and sequence lines)
  awk 'NR % 3 == 1 || NR % 3 == 2' "$d/$set.ss8" > "$pdir/$name.fa"
  echo "== $name $(date -u)" >> runs/profile-search.log
  /usr/bin/time -v $b/build-profiles --threads 2 --chunk 2000 \
    --search-db "$d/swissprot2014/swissprot2014.fasta.gz" -o "$pdir/$name.profiles" "$pdir/$name.fa" \
    2>> runs/profile-search.log
done
[ -d "$db" ] || $b/prepare-database -t 2 "$d/swissprot2014/swissprot2014.fasta.gz" -o "$db"
[ -d "$msas" ] || bash scripts/build-msas.sh "$pdir/netsurfp2_train.fa" "$db" "$msas" 2

common=(--train "$d/netsurfp2_train/netsurfp2_train.ss8" --train-mask "$d/netsurfp2_train/netsurfp2_train.mask"
  --valid-fraction 0.05 --split-seed 1 --batch 32 --schedule cosine --clip-norm 1 --profile-dropout 0.1 --threads 2)
p2=(--seed 2 --dropout 0.3 --label-smoothing 0.05 --q3-weight 0.5)
train() { # NAME train-structure options...: runs/NAME.ssrnn, skipped when it exists
  local name=$1 code=0
  shift
  [ -s "runs/$name.ssrnn" ] && return 0
  $b/train-structure "${common[@]}" "$@" --time-limit 170 --resume --out "runs/$name.ssrnn" \
    >> "runs/$name.log" 2>&1 || code=$?
  if [ $code = 75 ]; then # stopped at --time-limit with a checkpoint
    echo "$name: time limit reached; rerun this script to continue" >&2
    exit 0
  fi
  [ $code = 0 ] || { echo "$name: train-structure failed (exit code $code; runs/$name.log)" >&2; exit $code; }
}
pssm=(--train-profiles "$pdir/netsurfp2_train.profiles" --encoding both --layers 2 --lr 0.002)
train W "${pssm[@]}" --hidden 384 --seed 1 --dropout 0.25 --epochs 8
train P2 "${pssm[@]}" --hidden 256 "${p2[@]}" --epochs 10
aln=(--train-profiles "$msas" --lr 0.0005 --epochs 2)
train W-msa --init runs/W.ssrnn "${aln[@]}" --seed 1 --dropout 0.25
train P2-msa --init runs/P2.ssrnn "${aln[@]}" "${p2[@]}"
$b/combine-models -o models/profile.ssrnn runs/W-msa.ssrnn runs/P2-msa.ssrnn
PROFILES=$pdir/netsurfp2_train.profiles bash scripts/train-disorder-heads.sh profile
# the training commands in the header name the cache and the checkout as variables, not as paths
# of this machine (the tensors stay byte for byte)
/usr/bin/python3 scripts/portable-provenance.py models/profile.ssrnn "$cache=\$SSRNN_CACHE_DIR" "$PWD/="
