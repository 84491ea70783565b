#!/usr/bin/env bash
# Python writes a database; a C++ program (libsynadb), a Python script (synadb) and a Java program (syna.api on
# the module path) each print a canonical dump of it (values as raw IEEE bits, text and bytes as hex), and the
# three dumps must be identical. Called by src/test/python/run-tests.sh with the installed package on PYTHONPATH.
#
#   run.sh DIST WORK JAVA_HOME
set -euo pipefail
dist=${1:?} work=${2:?} java_home=${3:?}
here=$(cd "$(dirname "$0")" && pwd)
CXX=${CXX:-g++}
if ! command -v "$CXX" >/dev/null 2>&1; then
  echo "syna-native: no C++ compiler ($CXX): cross-language test skipped"
  exit 0
fi
rm -rf "$work"
mkdir -p "$work"
"$CXX" -std=c++17 -O1 -Wall -Wextra -Werror -I"$dist/include" "$here/read.cpp" -o "$work/read-cpp" \
  -L"$dist/lib" -lsynadb -Wl,-rpath,"$dist/lib"
python3 "$here/write.py" "$work/db"
"$work/read-cpp" "$work/db" >"$work/cpp.txt"
python3 "$here/read.py" "$work/db" >"$work/python.txt"
"$java_home/bin/java" --module-path "$dist/lib/syna-modules" --add-modules syna.api,syna.storage \
  "$here/CrossRead.java" "$work/db" >"$work/java.txt"
[[ $(wc -l <"$work/cpp.txt") -eq 7 ]] || { echo "cross-language: expected 7 keys, C++ saw $(wc -l <"$work/cpp.txt")" >&2; exit 1; }
diff "$work/cpp.txt" "$work/python.txt" >&2 || { echo "cross-language: C++ and Python disagree" >&2; exit 1; }
diff "$work/cpp.txt" "$work/java.txt" >&2 || { echo "cross-language: C++ and Java disagree" >&2; exit 1; }
echo "syna-native: C++, Python and Java read the same $(wc -l <"$work/cpp.txt") keys identically"
