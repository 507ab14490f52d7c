#!/usr/bin/env bash
# Fails if a function in lib/, tools/, python/ or bench/ is longer than MAX lines (default 100) between its braces. The code
# is clang-formatted with Allman braces and unindented namespaces, so a free function's body
# opens and closes at column 0 and a member function defined in its class at column 4;
# namespace, class, struct, enum and union bodies are not functions and are skipped.
# Usage: bash scripts/check-function-length.sh [MAX]
set -euo pipefail
cd "$(dirname "$0")/.."
max=${1:-100}
status=0
while IFS= read -r f; do
  awk -v max="$max" -v file="$f" '
    function is_type(s) { return s ~ /^ *(template <.*> *)?(namespace|class|struct|enum|union)( |$)/ || s ~ /^ *(namespace|class|struct|enum|union)( |$)/ }
    /^(    )?\{/ {
      match($0, /^ */); level = RLENGTH
      if (!(level in open) || !open[level]) { open[level] = 1; start[level] = FNR; sig[level] = prev; skip[level] = is_type(prev) }
    }
    /^(    )?\}/ {
      match($0, /^ */); level = RLENGTH
      if ((level in open) && open[level]) {
        len = FNR - start[level] - 1
        if (!skip[level] && len > max) { printf "%s:%d: %d lines (limit %d): %s\n", file, start[level], len, max, sig[level]; bad = 1 }
        open[level] = 0
      }
    }
    { if (NF) prev = $0 }
    END { exit bad }' "$f" || status=1
done < <(find lib tools python bench -name '*.cpp' -o -name '*.hpp' | sort)
[ $status -eq 0 ] && echo "every function in lib/, tools/, python/ and bench/ is at most $max lines"
exit $status
