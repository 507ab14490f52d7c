#!/usr/bin/env bash
# The library's boundary (issue 32): the tools and the Python module include only installed
# headers (those directly in lib/ssrnn/, not a <concern>/ folder), and the library never ends the
# process or prints on its own (no std::exit, MPI_Abort or std::clog under lib/).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
if grep -n '#include <ssrnn/[a-z_]*/' tools/*.cpp tools/*.hpp python/*.cpp; then
  echo "check-api-boundary: tools/ and python/ may include only the public headers (ssrnn/*.hpp)" >&2
  status=1
fi
if grep -rn 'std::exit\|MPI_Abort\|std::clog' lib/; then
  echo "check-api-boundary: the library must throw or report, never exit or print on its own" >&2
  status=1
fi
exit $status
