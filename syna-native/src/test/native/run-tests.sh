#!/usr/bin/env bash
# The C tests of libsynadb, run by `mvn verify` (integration-test phase) against the distribution the build made:
#   - the exported symbols (nm -D) are exactly the functions synadb.h declares;
#   - test_core, test_threads (8 threads), test_crash (kill -9 and reopen), test_start_failure;
#   - examples/hello.c, the README's example, compiled and run.
#
#   run-tests.sh DIST WORK_DIR JAVA_HOME
#
# Without gcc, or without libsynadb.so (not built), it says so and exits 0. Any failure exits non-zero.
set -euo pipefail
dist=${1:?distribution directory}
work=${2:?work directory}
java_home=${3:?JAVA_HOME}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
dist=$(cd "$dist" && pwd)
work=$(cd "$work" && pwd)
CC=${CC:-gcc}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "syna-native: no C compiler ($CC): C tests skipped (apt-get install -y gcc)"
  exit 0
fi
if [[ ! -f "$dist/lib/libsynadb.so" ]]; then
  echo "syna-native: $dist/lib/libsynadb.so was not built: C tests skipped"
  exit 0
fi
rm -rf "$work"
mkdir -p "$work/bin" "$work/data"
# The bundled jlink runtime when the build made one (what users get), else the build's JDK.
if [[ -d "$dist/lib/syna-runtime" ]]; then unset SYNA_JAVA_HOME; else export SYNA_JAVA_HOME="$java_home"; fi
unset SYNA_MODULE_PATH

# 1. header vs exported symbols
grep -oE '\bSYNA_[a-z0-9_]+\(' "$dist/include/synadb.h" | tr -d '(' | sort -u >"$work/header.txt"
nm -D --defined-only "$dist/lib/libsynadb.so" | awk '{print $3}' | grep -v '^_' | sort -u >"$work/exported.txt"
if ! diff -u "$work/header.txt" "$work/exported.txt"; then
  echo "syna-native: synadb.h and the symbols libsynadb.so exports differ (- header, + library)" >&2
  exit 1
fi
echo "syna-native: synadb.h declares exactly the $(wc -l <"$work/header.txt") exported symbols"

build() { # NAME SOURCE [extra flags]
  local name=$1 src=$2
  shift 2
  "$CC" -std=c11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I"$dist/include" -I"$here" "$src" -o "$work/bin/$name" \
    -L"$dist/lib" -lsynadb -Wl,-rpath,"$dist/lib" -lpthread -lm "$@"
}
run() { # NAME ARGS...
  local name=$1
  shift
  echo "syna-native: running $name"
  timeout 600 "$work/bin/$name" "$@"
}

build test_core "$here/test_core.c"
build test_threads "$here/test_threads.c"
build test_ml "$here/test_ml.c"
build test_crash "$here/test_crash.c"
build test_start_failure "$here/test_start_failure.c"
build hello "$here/../../../examples/hello.c"
# the README's C block is this file, as written
readme="$here/../../../../README.md"
awk '/^<!-- readme-check: c-example -->$/{on=1; getline; next} on && /^```$/{exit} on' "$readme" >"$work/readme-hello.c"
if ! diff -u "$here/../../../examples/hello.c" "$work/readme-hello.c"; then
  echo "syna-native: README's c-example block differs from syna-native/examples/hello.c" >&2
  exit 1
fi

run test_core "$work/data"
run test_threads "$work/data"
run test_ml "$work/data"
run test_crash "$work/data" 3
mkdir -p "$work/empty-modules"
echo "syna-native: running test_start_failure"
SYNA_MODULE_PATH="$work/empty-modules" timeout 60 "$work/bin/test_start_failure"
run hello "$work/data/hello" | tee "$work/hello.out"
grep -q "latest 22.0, 5 points, first 20.0" "$work/hello.out"
grep -q "missing key: code -5" "$work/hello.out"
echo "syna-native: C tests passed"
