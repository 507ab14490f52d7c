#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) and runs each for SECONDS (default 20) on its seed
# corpus from tests/data; exits non-zero on any finding (crash, sanitizer report, unexpected
# exception, timeout). Findings are written to build-fuzz/findings/<target>/.
# Usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]     (targets: fasta labelled model predictions profiles structure a3m msa)
#
# clang (libFuzzer, ASan, UBSan) builds the library and the targets. SeqAn3 3.2 does not compile
# with Debian's clang 14, so its one translation unit (lib/ssrnn/io/fasta.cpp: SeqAn3's parser
# and the validating filter in front of it) is built with g++ with ASan/UBSan and GCC's comparison
# callbacks (-fsanitize-coverage=trace-cmp; libFuzzer rejects GCC's trace-pc), which feed
# libFuzzer's value profile (-use_value_profile=1): memory errors there are caught, but its edge
# coverage is not seen. The gzip/bzip2 layer (io/input_buffers) is fully instrumented. Needs: clang, libclang-rt-14-dev (installed here if missing), the project's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
targets=("$@")
# `structure` is not in the default list (CI's): libcifpp 5.0.7, which parses the mmCIF, hangs on
# some malformed loops (tests/fuzz/regressions/structure/libcifpp-loop-hang.cif; docs/reliability.md).
# Run it by name: bash scripts/fuzz.sh 60 structure
[ ${#targets[@]} -eq 0 ] && targets=(fasta labelled model predictions profiles a3m msa)
bash scripts/install-deps.sh clang libclang-rt-14-dev libcifpp-dev
out=build-fuzz
mkdir -p "$out/obj" "$out/generated/ssrnn"
version=$(sed -n 's/^project(ssrnn VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
sed "s/@PROJECT_VERSION@/$version/" lib/ssrnn/version.hpp.in > "$out/generated/ssrnn/version.hpp"
common=(-std=c++20 -g -fno-omit-frame-pointer -Ilib -I"$out/generated" -isystem /usr/include/eigen3
        -DEIGEN_DONT_PARALLELIZE -DSSRNN_X86_KERNELS
        "-DSSRNN_INSTALL_MODEL_DIR=\"/usr/local/share/ssrnn/models\"")
sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
compile() { # SOURCE: builds its object unless it is newer than every source and header
  local src=$1 obj=$2
  if [ -f "$obj" ] && [ -z "$(find lib "$src" -newer "$obj" -name '*.?pp' -print -quit)" ]; then return 0; fi
  # The parsers (io/, encode/, nn/container, train/checkpoint) at -O1; the numeric code that
  # the model target only runs on tiny networks at -O0, which builds much faster.
  local opt=-O0
  case "$src" in lib/ssrnn/io/* | lib/ssrnn/encode/* | lib/ssrnn/base/* | *container.cpp | *checkpoint.cpp | *model.cpp) opt=-O1 ;; esac
  local flags=(-fsanitize=fuzzer-no-link "$opt")
  case "$src" in
    lib/ssrnn/io/fasta.cpp)
      g++ "${common[@]}" -O1 "${sanitize[@]}" -fsanitize-coverage=trace-cmp -fopenmp \
        -isystem /usr/include/seqan3/submodules/sdsl-lite/include -DSEQAN3_HAS_ZLIB=1 -DSEQAN3_HAS_BZIP2=1 \
        -c "$src" -o "$obj"
      return ;;
    *avx2.cpp) flags+=(-mavx2 -mfma) ;;
    *avx512.cpp) flags+=(-mavx512f -mfma) ;;
    *bf16.cpp) flags+=(-mavx512f -mavx512bf16 -mfma) ;;
  esac
  clang++ "${common[@]}" "${sanitize[@]}" "${flags[@]}" -fopenmp -c "$src" -o "$obj"
}
# mpi_communicator.cpp needs MPI (-DSSRNN_MPI builds only); the fuzz targets never use it.
mapfile -t sources < <(find lib -name '*.cpp' ! -name ssrnn.cpp ! -name mpi_communicator.cpp | sort)
echo "fuzz: building ${#sources[@]} library files and ${#targets[@]} targets in $out/" >&2
objects=()
for src in "${sources[@]}"; do
  obj="$out/obj/$(echo "$src" | tr / _).o"
  objects+=("$obj")
  compile "$src" "$obj" &
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || exit 1; done
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || exit 1; done
for t in "${targets[@]}"; do
  clang++ "${common[@]}" -O1 "${sanitize[@]}" -fsanitize=fuzzer -fopenmp "tests/fuzz/fuzz_$t.cpp" "${objects[@]}" \
    -lcifpp -lz -lbz2 -o "$out/fuzz_$t"
done
# Seed corpora: tests/data for the text formats, tests/fuzz/corpus for models and predictions.
mkdir -p "$out/corpus"/{fasta,labelled,model,predictions,profiles,structure,a3m,msa}
cp -f tests/data/*.fasta* data/example.fasta "$out/corpus/fasta/"
cp -f tests/data/*.ss8 tests/data/*.dssp "$out/corpus/labelled/"
{ cat tests/data/ok.ss8; printf '\n#MASK\n'; cat tests/data/ok.mask; } > "$out/corpus/labelled/ok-with-mask"
cp -f tests/fuzz/corpus/model/* "$out/corpus/model/"
cp -f tests/fuzz/corpus/predictions/* "$out/corpus/predictions/"
cp -f tests/data/profiles/* "$out/corpus/profiles/"
cp -f tests/fuzz/corpus/structure/* "$out/corpus/structure/"
cp -f tests/fuzz/corpus/a3m/* "$out/corpus/a3m/"
cp -f tests/fuzz/corpus/msa/* tests/fuzz/corpus/a3m/* "$out/corpus/msa/"
status=0
for t in "${targets[@]}"; do
  mkdir -p "$out/findings/$t"
  echo "fuzz: $t for $seconds s" >&2
  if ! "$out/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
      -artifact_prefix="$out/findings/$t/" -print_final_stats=1 -use_value_profile=1 "$out/corpus/$t" $(ls -d tests/fuzz/regressions/"$t" 2>/dev/null) \
      > "$out/$t.log" 2>&1; then
    echo "fuzz: FINDING in $t (see $out/$t.log and $out/findings/$t/)" >&2
    tail -30 "$out/$t.log" >&2
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$out/$t.log" | tail -3 >&2 || true
done
exit $status
