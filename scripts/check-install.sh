#!/usr/bin/env bash
# Installs the build in build/ into a scratch prefix, checks that only the public headers are
# installed and that the installed tool finds the installed model, builds examples/predict-sequence
# and examples/train-evaluate-predict against the installed package (find_package(ssrnn) and
# pkg-config), and checks that they predict what predict-structure predicts.
# Usage: bash scripts/check-install.sh   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install build --prefix "$prefix" >/dev/null
headers=$(cd "$prefix/include" && find . -type f | sort | tr '\n' ' ')
if [ "$headers" != "./ssrnn/error.hpp ./ssrnn/jobs.hpp ./ssrnn/options.hpp ./ssrnn/ssrnn.hpp ./ssrnn/version.hpp " ]; then
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
# The installed tool finds the installed model (no source path is compiled in).
"$prefix/bin/predict-structure" data/example.fasta 2>&1 >/dev/null | grep -qF "model $model" ||
  { echo "check-install: the installed predict-structure does not use $model" >&2; exit 1; }
if grep -qF "$PWD/models" "$prefix/bin/predict-structure"; then
  echo "check-install: the installed predict-structure names the source tree's models/" >&2
  exit 1
fi
# The same program built without CMake, through pkg-config.
pcdir=$(dirname "$(find "$prefix" -name ssrnn.pc)")
# shellcheck disable=SC2046 # pkg-config's flags are meant to be split
g++ -O2 -o "$prefix/predict-sequence-pc" examples/predict-sequence/main.cpp $(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs ssrnn)
"$prefix/predict-sequence-pc" "$model" "$seq" 2>/dev/null | cmp -s - "$prefix/api.txt" ||
  { echo "check-install: the pkg-config build predicts differently" >&2; exit 1; }
# Train, evaluate and predict through the installed API (CMake and pkg-config): the model it trains
# predicts with predict-structure what the program printed, and both builds print the same bytes.
toy=tests/data/toy.ss8
cmake -S examples/train-evaluate-predict -B "$prefix/tep" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$prefix/tep" -j"$(nproc)" >/dev/null
"$prefix/tep/train-evaluate-predict" "$toy" "$toy" "$prefix/tep.ssrnn" "$seq" > "$prefix/tep.txt"
grep -q '^test: .* Q8 ' "$prefix/tep.txt" || { echo "check-install: train-evaluate-predict printed no evaluation" >&2; exit 1; }
printf '>q\n%s\n' "$seq" | "$prefix/bin/predict-structure" -q --model "$prefix/tep.ssrnn" - > "$prefix/tep-cli.txt"
[ "$(tail -n 2 "$prefix/tep.txt" | head -n 1)" = "$(sed -n 3p "$prefix/tep-cli.txt")" ] ||
  { echo "check-install: the trained example model predicts differently in predict-structure" >&2; exit 1; }
# shellcheck disable=SC2046 # pkg-config's flags are meant to be split
g++ -O2 -o "$prefix/tep-pc" examples/train-evaluate-predict/main.cpp $(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs ssrnn)
"$prefix/tep-pc" "$toy" "$toy" "$prefix/tep-pc.ssrnn" "$seq" | cmp -s - "$prefix/tep.txt" ||
  { echo "check-install: the pkg-config build of train-evaluate-predict differs" >&2; exit 1; }
# The Python module, if built: installed into the prefix's dist-packages, importable from there.
if compgen -G "build/python/ssrnn.*.so" >/dev/null; then
  site=$(dirname "$(find "$prefix" -name 'ssrnn.*.so' | head -1)")
  PYTHONPATH="$site" /usr/bin/python3 -c "import ssrnn, sys; m = ssrnn.Model('$model'); p = m.predict(['$seq'])[0]; sys.exit(p.ss8 != '$(sed -n 2p "$prefix/api.txt")')" ||
    { echo "check-install: the installed Python module ($site) predicts differently" >&2; exit 1; }
  pyinfo=", Python module in ${site#"$prefix"/}"
fi
echo "check-install: public headers only; examples/predict-sequence and examples/train-evaluate-predict built" \
     "against the installed package (CMake and pkg-config), predicting as predict-structure does${pyinfo:-}"
