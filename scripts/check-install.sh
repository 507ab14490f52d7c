#!/usr/bin/env bash
# Installs the build in build/ into a scratch prefix, checks that only the public headers are
# installed and that the installed tool finds the installed model, builds examples/predict-sequence
# against the installed package with find_package(ssrnn), and checks that it predicts what
# predict-structure predicts.
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
# The Python module, if built: installed into the prefix's dist-packages, importable from there.
if compgen -G "build/python/ssrnn.*.so" >/dev/null; then
  site=$(dirname "$(find "$prefix" -name 'ssrnn.*.so' | head -1)")
  PYTHONPATH="$site" /usr/bin/python3 -c "import ssrnn, sys; m = ssrnn.Model('$model'); p = m.predict(['$seq'])[0]; sys.exit(p.ss8 != '$(sed -n 2p "$prefix/api.txt")')" ||
    { echo "check-install: the installed Python module ($site) predicts differently" >&2; exit 1; }
  pyinfo=", Python module in ${site#"$prefix"/}"
fi
echo "check-install: public headers only; examples/predict-sequence built against the installed package" \
     "(CMake and pkg-config) and predicts as predict-structure does${pyinfo:-}"
