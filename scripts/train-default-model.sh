#!/usr/bin/env bash
# Trains the single-sequence default model the S4PRED way (models/README.md, "Model card:
# default.ssrnn", has each stage's measured time): a profile model (the teacher) labels diverse
# Swiss-Prot sequences with soft 8-state probabilities, one network (the student) learns them from
# the sequence alone, then is fine-tuned on real labels.
#
# Stages (each resumable: rerun the script after an interruption; finished stages are skipped,
# searches reuse finished chunks, training continues from its checkpoint):
#   valid       the validation split of every ssrnn model (5 % of netsurfp2_train by record,
#               split seed 1), as files;
#   candidates  Swiss-Prot 2014 minus swissprot2014.test_homologs.txt (never trained on or
#               labelled), clustered at MIN_SEQ_ID identity (default 30 %; mmseqs linclust
#               -c 0.8), minus every
#               homolog of the validation split (a search with the parameters that made
#               test_homologs: -s 7.5, 2 iterations, -e 1e-2, up to 10,000 hits);
#   profiles    build-profiles of the candidates against Swiss-Prot (chunks of 2,000 sequences);
#   labels      the teacher (models/profile.ssrnn, or $TEACHER) on each finished profile chunk,
#               written as soft-label files (predict-structure --format soft); sequences whose
#               search found nothing but themselves (depth 1) are left out: for them the teacher
#               would only repeat the single-sequence model;
#   pretrain    train-structure on the soft labels of the first $CHUNKS chunks (all by default),
#               validated on the real labels of the split;
#   finetune    train-structure --init on netsurfp2_train with its mask (the validation split
#               held out) and, by default (FT_MODE=mixed), the soft labels again: 3 epochs of
#               both beat 7 epochs of real labels alone, which beat lr 0.0005 for 4
#               (docs/distillation.md);
#   ship        (only when named) $W/$FINETUNED.ssrnn -> $SHIP_TO (models/default.ssrnn), its
#               provenance paths rewritten to name no machine (../shared/..., ~/.cache/ssrnn/...),
#               checked by a prediction before it replaces the file.
# The shipped file also carries a disorder head: after shipping, run
#   bash scripts/train-disorder-heads.sh default (frozen network, minutes; docs/training.md#disorder).
# Usage: bash scripts/train-default-model.sh [STAGE...]   (default: every stage in order)
# Environment: SSRNN_DEFAULT_WORK (work folder, default $SSRNN_CACHE_DIR/default-model, i.e.
#   ~/.cache/ssrnn/default-model; default-model-id50 for MIN_SEQ_ID=0.5 and so on),
#   MIN_SEQ_ID (linclust identity of the candidates, default 0.3; another value gets its own work
#   folder, and a work folder refuses candidates of another identity),
#   CHUNKS (profile chunks to train on, for a learning curve),
#   STUDENT (name of the student run, default student-$CHUNKS), FINETUNED (name of the fine-tuned
#   run, default $STUDENT-ft: another name fine-tunes the same student another way), TEACHER,
#   TIME_LIMIT (minutes per training call, default 170), HIDDEN, LAYERS, PRE_EPOCHS,
#   FT_EPOCHS (default 3 mixed, 7 real), FT_LR,
#   FT_MODE (mixed, the default: the soft labels of the pre-training stay in the fine-tuning set;
#   real: fine-tune on the real labels only),
#   MAX_LEN (longer pseudo-labelled sequences are cut into pieces of this length; default 1000).
#   PRE_DROPOUT, FT_DROPOUT (dropout between layers in pre-training and fine-tuning, default 0.25),
#   PRE_RECURRENT_DROPOUT, FT_RECURRENT_DROPOUT (train-structure --recurrent-dropout, default 0).
#   THREADS (training threads, default 2), SHARDS (work units per batch, default 2: training uses at
#   most SHARDS threads, and results depend on SHARDS, never on THREADS), SEED (default 1).
#   SHIP_TO (where the ship stage writes; default models/default.ssrnn).
# Results: $W/$FINETUNED.ssrnn (FINETUNED defaults to $STUDENT-ft); logs in $W/logs/.
# The shipped default: CHUNKS=11 bash scripts/train-default-model.sh (the first 11 profile chunks;
# about 2.7 h on 2 cores alone, 1.1 h of it profile searches), then
# CHUNKS=11 bash scripts/train-default-model.sh ship (from the original work folder this rewrites
# models/default.ssrnn byte for byte; MMseqs2 searches on another CPU give slightly other candidates).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
d=$root/../shared/data
sp=$d/swissprot2014
cache=${SSRNN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ssrnn}
MIN_SEQ_ID=${MIN_SEQ_ID:-0.3}
pct=$(awk -v x="$MIN_SEQ_ID" '
  BEGIN { if (x !~ /^(0?\.[0-9]+|1(\.0*)?)$/ || x <= 0) exit 1; printf "%d", x * 100 + 0.5 }') ||
  { echo "MIN_SEQ_ID must be a fraction in (0, 1], not '$MIN_SEQ_ID'" >&2; exit 1; }
suffix=-id$pct
[ "$pct" != 30 ] || suffix=
W=${SSRNN_DEFAULT_WORK:-$cache/default-model$suffix}
TEACHER=${TEACHER:-$root/models/profile.ssrnn}
CHUNKS=${CHUNKS:-all}
STUDENT=${STUDENT:-student-$CHUNKS}
FINETUNED=${FINETUNED:-$STUDENT-ft}
TIME_LIMIT=${TIME_LIMIT:-170}
HIDDEN=${HIDDEN:-256}
LAYERS=${LAYERS:-2}
PRE_EPOCHS=${PRE_EPOCHS:-3}
FT_LR=${FT_LR:-0.002}
FT_MODE=${FT_MODE:-mixed}
if [ "$FT_MODE" = mixed ]; then FT_EPOCHS=${FT_EPOCHS:-3}; else FT_EPOCHS=${FT_EPOCHS:-7}; fi
MAX_LEN=${MAX_LEN:-1000}
PRE_DROPOUT=${PRE_DROPOUT:-0.25}
FT_DROPOUT=${FT_DROPOUT:-0.25}
PRE_RECURRENT_DROPOUT=${PRE_RECURRENT_DROPOUT:-0}
FT_RECURRENT_DROPOUT=${FT_RECURRENT_DROPOUT:-0}
THREADS=${THREADS:-2}
SHARDS=${SHARDS:-2}
SEED=${SEED:-1}
SHIP_TO=${SHIP_TO:-$root/models/default.ssrnn}
bin=$root/build-native/bin
mkdir -p "$W/logs" "$W/soft"
log() { echo "== $(date -u +%FT%TZ) $*" | tee -a "$W/logs/stages.log" >&2; }

build() {
  cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DSSRNN_NATIVE=ON -DSSRNN_BUILD_TESTS=OFF >/dev/null
  cmake --build build-native -j2 --target train-structure predict-structure build-profiles >/dev/null
}

stage_valid() {
  [ -s "$W/valid.ss8" ] && return
  log "valid: writing the validation split"
  "$bin/train-structure" --train "$d/netsurfp2_train/netsurfp2_train.ss8" \
    --train-mask "$d/netsurfp2_train/netsurfp2_train.mask" --valid-fraction 0.05 --split-seed 1 \
    --out "$W/unused.ssrnn" --write-valid "$W/valid.ss8" 2>> "$W/logs/valid.log"
}

# Candidates, profiles, soft labels and students of a work folder all come from one clustering;
# folders made before MIN_SEQ_ID existed hold no candidates.identity and were made at 30 %.
check_identity() {
  [ -s "$W/candidates.fa" ] || return 0
  local made=30
  [ -s "$W/candidates.identity" ] && made=$(cat "$W/candidates.identity")
  [ "$made" = "$pct" ] && return
  echo "$W holds candidates clustered at $made % identity, not $pct % (MIN_SEQ_ID=$MIN_SEQ_ID):" \
    "set SSRNN_DEFAULT_WORK to another folder" >&2
  exit 1
}

stage_candidates() {
  [ -s "$W/candidates.fa" ] && return
  command -v mmseqs >/dev/null || { echo "mmseqs not found (bash scripts/install-deps.sh)" >&2; exit 1; }
  local c=$W/candidates
  mkdir -p "$c"
  log "candidates: Swiss-Prot minus test homologs"
  # Accessions are the first word of each header; test_homologs lists one per line.
  zcat "$sp/swissprot2014.fasta.gz" | awk -v bad="$sp/swissprot2014.test_homologs.txt" '
    BEGIN { while ((getline a < bad) > 0) skip[a] = 1 }
    /^>/ { keep = !(substr($1, 2) in skip) } keep' > "$c/allowed.fa"
  [ -s "$c/allowed.dbtype" ] || mmseqs createdb "$c/allowed.fa" "$c/allowed" --shuffle 0 -v 1
  log "candidates: linclust at $pct % identity"
  [ -s "$c/clu$pct.dbtype" ] || /usr/bin/time -v mmseqs linclust "$c/allowed" "$c/clu$pct" "$c/tmp" \
    --min-seq-id "$MIN_SEQ_ID" -c 0.8 --threads 2 -v 1 >> "$W/logs/candidates.log" 2>&1
  [ -s "$c/rep$pct.dbtype" ] || mmseqs createsubdb "$c/clu$pct" "$c/allowed" "$c/rep$pct" -v 1
  log "candidates: homologs of the validation split"
  awk 'NR % 3 == 1 || NR % 3 == 2' "$W/valid.ss8" > "$c/valid.fa"
  [ -s "$c/validdb.dbtype" ] || mmseqs createdb "$c/valid.fa" "$c/validdb" -v 1
  if [ ! -s "$c/valid_homologs.txt" ]; then
    /usr/bin/time -v mmseqs search "$c/validdb" "$c/allowed" "$c/vres" "$c/tmp" -s 7.5 --num-iterations 2 \
      -e 1e-2 --max-seqs 10000 --threads 2 -v 1 >> "$W/logs/candidates.log" 2>&1
    mmseqs convertalis "$c/validdb" "$c/allowed" "$c/vres" "$c/vhits.tsv" --format-output target -v 1
    sort -u "$c/vhits.tsv" > "$c/valid_homologs.txt"
  fi
  mmseqs convert2fasta "$c/rep$pct" "$c/rep$pct.fa" -v 1
  awk -v bad="$c/valid_homologs.txt" '
    BEGIN { while ((getline a < bad) > 0) skip[a] = 1 }
    /^>/ { keep = !(substr($1, 2) in skip) } keep' "$c/rep$pct.fa" > "$W/candidates.fa.tmp"
  echo "$pct" > "$W/candidates.identity"
  mv "$W/candidates.fa.tmp" "$W/candidates.fa"
  log "candidates: $(grep -c '^>' "$W/candidates.fa") sequences"
}

stage_profiles() {
  log "profiles: build-profiles (finished chunks are reused)"
  # --keep-parts: the labels stage reads the chunk files, which build-profiles would otherwise
  # delete once the last chunk is done and the whole output is written.
  /usr/bin/time -v "$bin/build-profiles" --threads 2 --chunk 2000 --keep-parts \
    --search-db "$sp/swissprot2014.fasta.gz" -o "$W/candidates.profiles" "$W/candidates.fa" 2>> "$W/logs/profiles.log"
}

stage_labels() {
  local n=0 part out
  for part in "$W"/candidates.profiles.parts/chunk-*.profiles; do
    [ -e "$part" ] || break
    n=$((n + 1))
    out=$W/soft/$(basename "$part" .profiles).soft.gz
    [ -s "$out" ] && continue
    log "labels: $(basename "$part")"
    # FASTA of the records with homologs beyond themselves (depth >= 2), from the profile file.
    awk '/^>/ { split($2, a, "="); want = a[2] >= 2; if (want) print $1; next }
         want && !/^#/ { print; want = 0 }' "$part" > "$W/soft/part.fa"
    # Records longer than MAX_LEN are cut into pieces (labelled with the whole sequence's context):
    # training memory grows with the longest sequence of a batch (performance.md).
    "$bin/predict-structure" --model "$TEACHER" --profiles "$part" --no-homolog-model none --threads 2 \
      --format soft "$W/soft/part.fa" 2>> "$W/logs/labels.log" |
      awk -v m="$MAX_LEN" '/^#/ { print; next }
        /^>/ { id = $1; getline seq; getline lab; n = length(seq)
               if (n <= m) { print id; print seq; print lab; next }
               for (i = 0; i * m < n; i++) {
                 print id "/" (i + 1); print substr(seq, i * m + 1, m); print substr(lab, 16 * i * m + 1, 16 * m) } }' |
      gzip -1 > "$out.tmp"
    mv "$out.tmp" "$out"
  done
  log "labels: $n chunks labelled"
}

train_files() { # the soft-label files of the first $CHUNKS chunks, as --train/--extra-train options
  local files=("$W"/soft/chunk-*.soft.gz) k=0 f
  [ -e "${files[0]}" ] || { echo "no soft labels in $W/soft: run the labels stage" >&2; exit 1; }
  for f in "${files[@]}"; do
    [ "$CHUNKS" != all ] && [ "$k" -ge "$CHUNKS" ] && break
    if [ $k -eq 0 ]; then echo --train "$f"; else echo --extra-train "$f"; fi
    k=$((k + 1))
  done
}

stage_pretrain() {
  local code=0
  log "pretrain: $STUDENT on soft labels ($CHUNKS chunks)"
  # shellcheck disable=SC2046
  "$bin/train-structure" $(train_files) --valid "$W/valid.ss8" --valid-mask "$W/valid.ss8.mask" \
    --encoding both --layers "$LAYERS" --hidden "$HIDDEN" --batch 32 --lr 0.002 --schedule cosine --clip-norm 1 \
    --dropout "$PRE_DROPOUT" --recurrent-dropout "$PRE_RECURRENT_DROPOUT" --epochs "$PRE_EPOCHS" --seed "$SEED" \
    --threads "$THREADS" --shards "$SHARDS" \
    --time-limit "$TIME_LIMIT" --resume --out "$W/$STUDENT.ssrnn" >> "$W/logs/$STUDENT.log" 2>&1 || code=$?
  stop_if_cut "$code" "$W/logs/$STUDENT.log"
}

stage_finetune() {
  local extra=() code=0
  if [ "$FT_MODE" = mixed ]; then # the soft labels stay in the fine-tuning set beside the real ones
    # shellcheck disable=SC2207
    extra=($(train_files | sed 's/^--train /--extra-train /'))
  fi
  log "finetune: $FINETUNED on netsurfp2_train ($FT_MODE)"
  "$bin/train-structure" --train "$d/netsurfp2_train/netsurfp2_train.ss8" \
    --train-mask "$d/netsurfp2_train/netsurfp2_train.mask" --valid-fraction 0.05 --split-seed 1 "${extra[@]}" \
    --init "$W/$STUDENT.ssrnn" --batch 32 --lr "$FT_LR" --schedule cosine --clip-norm 1 --dropout "$FT_DROPOUT" \
    --recurrent-dropout "$FT_RECURRENT_DROPOUT" \
    --epochs "$FT_EPOCHS" --seed "$SEED" --threads "$THREADS" --shards "$SHARDS" --time-limit "$TIME_LIMIT" \
    --resume --out "$W/$FINETUNED.ssrnn" >> "$W/logs/$FINETUNED.log" 2>&1 || code=$?
  stop_if_cut "$code" "$W/logs/$FINETUNED.log"
  log "finetune: $(tail -n 2 "$W/logs/$FINETUNED.log" | head -n 1)"
}

stage_ship() { # the fine-tuned student -> $SHIP_TO, with provenance paths that name no machine
  # shellcheck disable=SC2016 # the names written into the model, literally
  local src=$W/$FINETUNED.ssrnn work='$SSRNN_DEFAULT_WORK'
  [ -f "$src" ] || { echo "no $src: run the finetune stage" >&2; exit 1; }
  # shellcheck disable=SC2088
  [ "$W" = "$cache/default-model" ] && work='~/.cache/ssrnn/default-model'
  log "ship: $src -> $SHIP_TO"
  python3 - "$src" "$SHIP_TO.tmp" "$W/" "$work/" "$root/../shared/" "$root/" "$cache/" << 'PY'
import struct, sys
src, dst, work, work_name, shared, root, cache = sys.argv[1:]
blob = open(src, "rb").read()
n = struct.unpack_from("<Q", blob, 16)[0]
text = blob[24 : 24 + n].decode()
for old, new in ((work, work_name), (shared, "../shared/"), (root, ""), (cache, "~/.cache/ssrnn/")):
    text = text.replace(old, new)
pad = lambda k: (k + 63) // 64 * 64
head = blob[:16] + struct.pack("<Q", len(text.encode())) + text.encode()
open(dst, "wb").write(head + bytes(pad(len(head)) - len(head)) + blob[pad(24 + n) :])
PY
  "$bin/predict-structure" --model "$SHIP_TO.tmp" "$root/data/example.fasta" > /dev/null ||
    { rm -f "$SHIP_TO.tmp"; echo "ship: $SHIP_TO.tmp does not predict; $SHIP_TO left as it was" >&2; exit 1; }
  mv "$SHIP_TO.tmp" "$SHIP_TO"
}

stop_if_cut() { # CODE LOG: train-structure's exit code; 75 (stopped at --time-limit): rerun the script to continue
  if [ "$1" = 75 ]; then
    log "time limit reached ($2); rerun to continue"
    exit 0
  fi
  [ "$1" = 0 ] || { log "train-structure failed with exit code $1 ($2)"; exit "$1"; }
}

check_identity
build
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(valid candidates profiles labels pretrain finetune)
for s in "${stages[@]}"; do
  case $s in
  valid | candidates | profiles | labels | pretrain | finetune | ship) "stage_$s" ;;
  *) echo "unknown stage '$s' (valid candidates profiles labels pretrain finetune ship)" >&2; exit 1 ;;
  esac
done
