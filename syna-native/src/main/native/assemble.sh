#!/usr/bin/env bash
# Completes the distribution after `package`: the module's jar into DIST/lib/syna-modules (its dependencies are
# there already), and DIST/python, the pip-installable package synadb with the library and modules inside.
#
#   assemble.sh JAR DIST PYTHON_SOURCES VERSION
set -euo pipefail
jar=${1:?jar}
dist=${2:?distribution directory}
py=${3:?python sources}
version=${4:?version}
mkdir -p "$dist/lib/syna-modules"
cp -f "$jar" "$dist/lib/syna-modules/syna-native.jar"
rm -rf "$dist/python"
mkdir -p "$dist/python"
cp -R "$py/." "$dist/python/"
# PEP 440: 0.1.0-SNAPSHOT -> 0.1.0.dev0
pyversion=${version/-SNAPSHOT/.dev0}
sed -i "s/@VERSION@/$pyversion/" "$dist/python/pyproject.toml"
cp -f "$(dirname "$jar")/generated-native/_abi.py" "$dist/python/synadb/_abi.py"
native="$dist/python/synadb/_native"
mkdir -p "$native"
if [[ -f "$dist/lib/libsynadb.so" ]]; then
  cp -f "$dist/lib/libsynadb.so" "$native/"
fi
cp -R "$dist/lib/syna-modules" "$native/"
if [[ -d "$dist/lib/syna-runtime" ]]; then
  cp -R "$dist/lib/syna-runtime" "$native/"
fi
