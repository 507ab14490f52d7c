#!/usr/bin/env bash
# Peak memory of train-structure on N soft-labelled residues (default 100 M): writes a synthetic
# soft-label file of N residues (400 per record) to $TMPDIR, trains a 2x256 BiLSTM on it for a few
# batches (--time-limit stops it with a checkpoint) and prints the process's peak RSS. The
# training data are kept as raw residues and quantised labels (9 bytes per residue) and encoded per
# batch, so the peak is about 9 N bytes plus the network and one batch (docs/performance.md).
# Usage: bash bench/soft-label-memory.sh [RESIDUES] [BUILD_DIR]   (needs about 17 bytes/residue of disk)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000000}
bin=${2:-build}/bin
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ssrnn-softmem.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$n" "$tmp/train.soft" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1)
aa = "ARNDCQEGHILKMFPSTWYV"
pool = "".join(rng.choice(aa) for _ in range(1 << 20))
labs = "".join("%016x" % rng.getrandbits(64) for _ in range(464))
with open(path, "w") as out:
    out.write("#ssrnn-soft-labels 1 states=HGIEBTSC scale=255\n")
    k = 0
    while n > 0:
        length = min(400, n)
        start = rng.randrange(len(pool) - length)
        seq = pool[start:start + length]
        lab = labs[(k % 64) * 16:(k % 64 + length) * 16]
        out.write(">r%d\n%s\n%s\n" % (k, seq, lab))
        n -= length
        k += 1
PY
echo "soft-label file: $(du -h "$tmp/train.soft" | cut -f1) for $n residues" >&2
{ "$bin/train-structure" --train "$tmp/train.soft" --valid tests/data/toy.ss8 --layers 2 --hidden 256 \
  --encoding both --threads 2 --time-limit 0.2 --out "$tmp/m.ssrnn" 2>&1 || [ $? = 75 ]; } |
  grep -E "training records|peak RSS|time limit" # exit code 75: stopped at --time-limit, as meant
