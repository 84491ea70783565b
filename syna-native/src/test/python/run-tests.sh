#!/usr/bin/env bash
# The Python tests of synadb, run by `mvn verify`: pip-installs DIST/python (no network, no build isolation)
# into WORK/site and runs pytest on src/test/python against that installed copy. Skips, saying why, without
# python3, pip, setuptools, numpy, pytest or the built library. torch tests skip by themselves without torch.
#
#   run-tests.sh DIST WORK_DIR JAVA_HOME
set -euo pipefail
dist=${1:?distribution directory}
work=${2:?work directory}
java_home=${3:?JAVA_HOME}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
dist=$(cd "$dist" && pwd)
work=$(cd "$work" && pwd)
PYTHON=${PYTHON:-python3}
skip() { echo "syna-native: Python tests skipped: $*"; exit 0; }
command -v "$PYTHON" >/dev/null 2>&1 || skip "no $PYTHON"
[[ -f "$dist/lib/libsynadb.so" ]] || skip "libsynadb.so was not built (no C compiler)"
for m in pip setuptools numpy pytest; do
  "$PYTHON" -c "import $m" >/dev/null 2>&1 || skip "$PYTHON has no $m (pip install $m)"
done
rm -rf "$work"
mkdir -p "$work"
site="$work/site"
if "$PYTHON" -c "import wheel" >/dev/null 2>&1; then
  "$PYTHON" -m pip install --quiet --no-index --no-build-isolation --no-deps --target "$site" "$dist/python" \
    >"$work/pip.log" 2>&1 || { cat "$work/pip.log" >&2; echo "syna-native: pip install of $dist/python failed" >&2; exit 1; }
else
  # setuptools cannot build a wheel without the wheel package: test the package in place instead.
  echo "syna-native: $PYTHON has no wheel package: pip install not checked; testing $dist/python in place"
  site="$dist/python"
fi
# The bundled jlink runtime when the build made one (what users get), else the build's JDK.
if [[ -d "$dist/lib/syna-runtime" ]]; then unset SYNA_JAVA_HOME; else export SYNA_JAVA_HOME="$java_home"; fi
unset SYNADB_LIBRARY SYNA_MODULE_PATH
cd "$here"
PYTHONPATH="$site" PYTHONDONTWRITEBYTECODE=1 timeout 900 "$PYTHON" -m pytest -q "$here" --basetemp="$work/tmp"
PYTHONPATH="$site" PYTHONDONTWRITEBYTECODE=1 bash "$here/../cross/run.sh" "$dist" "$work/cross" "$java_home"
