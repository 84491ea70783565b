#!/usr/bin/env bash
# Compiles Syna's FAISS shim (syna_faiss.cpp) into libsynafaiss.so, against the FAISS found under PREFIX.
#
#   build.sh PREFIX OUTPUT_DIR
#
# PREFIX/include/faiss/Index.h must exist. Links PREFIX/lib*/libfaiss.a (static, PIC: Debian's libfaiss-dev)
# when present, else -lfaiss (a shared FAISS, found again at run time through its rpath), plus BLAS, LAPACK
# and OpenMP. FAISS's own symbols are hidden: the library exports only syna_faiss_*. Skips the compile when
# the library is newer than its sources and the FAISS library. Used by the faiss-native profile of
# syna-faiss/pom.xml; the result goes to OUTPUT_DIR/<os>-<arch>/libsynafaiss.so.
set -euo pipefail
prefix=${1:?FAISS prefix (e.g. /usr)}
outdir=${2:?output directory}
here=$(cd "$(dirname "$0")" && pwd)
case "$(uname -s)" in
  Linux) os=linux ;;
  *) echo "syna-faiss: the native shim builds on Linux only, not on $(uname -s); skipped" >&2; exit 0 ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) arch=$(uname -m) ;;
esac
include="$prefix/include"
if [[ ! -f "$include/faiss/Index.h" ]]; then
  echo "syna-faiss: no FAISS headers at $include/faiss (apt-get install -y libfaiss-dev libopenblas-dev); shim not built" >&2
  exit 1
fi
faiss_lib=""
for d in "$prefix/lib/x86_64-linux-gnu" "$prefix/lib/aarch64-linux-gnu" "$prefix/lib64" "$prefix/lib"; do
  if [[ -f "$d/libfaiss.a" ]]; then faiss_lib="$d/libfaiss.a"; break; fi
done
link=()
if [[ -n "$faiss_lib" ]]; then
  link=("$faiss_lib")
else
  for d in "$prefix/lib/x86_64-linux-gnu" "$prefix/lib/aarch64-linux-gnu" "$prefix/lib64" "$prefix/lib"; do
    if [[ -f "$d/libfaiss.so" ]]; then faiss_lib="$d/libfaiss.so"; link=("-L$d" -lfaiss "-Wl,-rpath,$d"); break; fi
  done
fi
if [[ -z "$faiss_lib" ]]; then
  echo "syna-faiss: FAISS headers at $include but no libfaiss.a or libfaiss.so under $prefix/lib*" >&2
  exit 1
fi
target="$outdir/$os-$arch/libsynafaiss.so"
mkdir -p "$(dirname "$target")"
if [[ -f "$target" && "$target" -nt "$here/syna_faiss.cpp" && "$target" -nt "$here/syna_faiss.h" \
      && "$target" -nt "$faiss_lib" && "$target" -nt "$0" ]]; then
  exit 0
fi
CXX=${CXX:-g++}
echo "syna-faiss: compiling the FAISS shim against $faiss_lib -> $target"
tmp="$target.tmp.$$"
# -z defs: every symbol must resolve at link time, so a missing BLAS or OpenMP fails here, not at run time.
"$CXX" -std=c++17 -O2 -fPIC -fopenmp -fvisibility=hidden -fvisibility-inlines-hidden -shared \
  -I"$include" "$here/syna_faiss.cpp" -o "$tmp" \
  -Wl,-soname,libsynafaiss.so -Wl,--exclude-libs,ALL -Wl,-z,defs -Wl,--as-needed -Wl,-O1 -s \
  "${link[@]}" -llapack -lblas
mv -f "$tmp" "$target"
