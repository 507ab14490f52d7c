#!/usr/bin/env bash
# Installs the build in build/ into a scratch prefix, checks that only the public headers are
# installed, builds examples/predict-sequence against the installed package with
# find_package(ssrnn), and checks that it predicts what predict-structure predicts.
# Usage: bash scripts/check-install.sh   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install build --prefix "$prefix" >/dev/null
headers=$(cd "$prefix/include" && find . -type f | sort | tr '\n' ' ')
if [ "$headers" != "./ssrnn/error.hpp ./ssrnn/ssrnn.hpp ./ssrnn/version.hpp " ]; then
  echo "check-install: unexpected installed headers: $headers" >&2
  exit 1
fi
cmake -S examples/predict-sequence -B "$prefix/example" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$prefix/example" -j"$(nproc)" >/dev/null
seq=MKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQAPILSRVGDGTQDNLSGAEKAVQVKVKALPDAQFEVVHSLAKWKRQTLGQHDFSAGEGLYTHMKALRPDEDRLSPLHSVYVDQWDWERVMGDGERQFSTLKSTVEAIWAGIKATEAAVSEEFGLAPFLPDQIHFVHSQELLSRYPDLDAKGRERAIAKDLGAVFLVGIGGKLSDGHRHDVRAPDYDDWUAXGLNGLDREVPLSHLIVNSRCGIRS
model="$prefix/share/ssrnn/models/default.ssrnn"
"$prefix/example/predict-sequence" "$model" "$seq" > "$prefix/api.txt" 2> "$prefix/api.err"
printf '>q\n%s\n' "$seq" | "$prefix/bin/predict-structure" -q --model "$model" - > "$prefix/cli.txt"
if [ "$(sed -n 2p "$prefix/api.txt")" != "$(sed -n 3p "$prefix/cli.txt")" ]; then
  echo "check-install: the API example and predict-structure disagree" >&2
  exit 1
fi
echo "check-install: public headers only; examples/predict-sequence built against the installed package" \
     "and predicts as predict-structure does ($(head -c 40 <<<"$(sed -n 2p "$prefix/api.txt")")...)"
