#!/usr/bin/env bash
# Compiles libsynadb.so from synadb.c and the generated synadb_calls.c.
#
#   build.sh GENERATED_DIR DIST_DIR JAVA_HOME
#
# GENERATED_DIR holds synadb_calls.c, DIST_DIR/include/synadb.h the generated header; the library goes to
# DIST_DIR/lib/libsynadb.so. Only jni.h is needed from JAVA_HOME: libjvm.so is loaded at run time. Exports the
# SYNA_* functions only. Without gcc (or on another OS than Linux) it says so and exits 0: the C and Python
# tests then skip. Skips the compile when the library is newer than its sources. Used by syna-native/pom.xml.
set -euo pipefail
gen=${1:?generated sources directory}
dist=${2:?distribution directory}
java_home=${3:?JAVA_HOME}
here=$(cd "$(dirname "$0")" && pwd)
if [[ "$(uname -s)" != Linux ]]; then
  echo "syna-native: libsynadb builds on Linux only, not on $(uname -s); skipped" >&2
  exit 0
fi
CC=${CC:-gcc}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "syna-native: no C compiler ($CC): libsynadb.so is not built and the C and Python tests skip (apt-get install -y gcc)" >&2
  exit 0
fi
target="$dist/lib/libsynadb.so"
mkdir -p "$dist/lib"
if [[ -f "$target" && "$target" -nt "$here/synadb.c" && "$target" -nt "$here/synadb_internal.h" \
      && "$target" -nt "$gen/synadb_calls.c" && "$target" -nt "$dist/include/synadb.h" && "$target" -nt "$0" ]]; then
  exit 0
fi
echo "syna-native: compiling $target"
tmp="$target.tmp.$$"
"$CC" -std=c11 -O2 -fPIC -fvisibility=hidden -shared -Wall -Wextra -Werror -Wno-format-truncation \
  -I"$dist/include" -I"$here" -I"$java_home/include" -I"$java_home/include/linux" \
  "$here/synadb.c" "$gen/synadb_calls.c" -o "$tmp" \
  -Wl,-soname,libsynadb.so -Wl,-z,defs -Wl,--as-needed -Wl,-O1 -ldl -lpthread
mv -f "$tmp" "$target"
