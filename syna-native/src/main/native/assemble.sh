#!/usr/bin/env bash
# Completes the distribution after `package`: the module's jar into DIST/lib/syna-modules (its dependencies are
# there already), and DIST/python, the pip-installable package synadb with the library and modules inside.
#
# Then DIST/lib/syna-runtime, a jlink image holding the JDK modules Syna needs and the Syna modules themselves,
# (service providers named: --bind-services would pull in jdk.jlink, which a JDK without jmods cannot link),
# which libsynadb prefers: no jar scanning at start (bcprov's 8 MB signed jar alone costs ~1 s on a module path).
# JLINK=0 skips the image (libsynadb then uses SYNA_JAVA_HOME or JAVA_HOME and lib/syna-modules).
#
#   assemble.sh JAR DIST PYTHON_SOURCES VERSION JAVA_HOME
set -euo pipefail
jar=${1:?jar}
dist=${2:?distribution directory}
py=${3:?python sources}
version=${4:?version}
java_home=${5:?JAVA_HOME}
mkdir -p "$dist/lib/syna-modules"
cp -f "$jar" "$dist/lib/syna-modules/syna-native.jar"
runtime="$dist/lib/syna-runtime"
if [[ "${JLINK:-1}" == 1 ]]; then
  stamp="$runtime/.syna-modules.sha"
  # the jars and this script's jlink flags decide whether the image is current
  sum=$(cat "$dist"/lib/syna-modules/*.jar "$0" | sha256sum | cut -d' ' -f1)
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$sum" ]]; then
    rm -rf "$runtime"
    echo "syna-native: jlink $runtime"
    # org.bouncycastle.provider: syna.mlops reads it only through requires static (BLAKE3 digests), so it is named
    # here, so that models stored with BLAKE3 elsewhere load through SYNA_model_* as before.
    # --ignore-signing-information: bcprov is a signed jar; its classes are used as modules, not as a JCE provider.
    # --generate-cds-archive: a jlink image has no class-data-sharing archive otherwise, and the JVM's start
    # then loads and verifies every JDK class it needs afresh (+27 MB on disk).
    if "$java_home/bin/jlink" --module-path "$dist/lib/syna-modules" \
        --add-modules syna.nativeabi,syna.storage,syna.vector,org.bouncycastle.provider \
        --ignore-signing-information --strip-debug --no-header-files --no-man-pages --generate-cds-archive \
        --output "$runtime" \
        2> >(grep -v "signed modular JAR" >&2); then
      echo "$sum" >"$stamp"
    else
      # A JDK that cannot link (no jmods, not a linkable run-time image): libsynadb uses JAVA_HOME and the jars.
      echo "syna-native: WARNING: jlink failed; no bundled runtime (libsynadb will need SYNA_JAVA_HOME or JAVA_HOME)" >&2
      rm -rf "$runtime"
    fi
  fi
else
  rm -rf "$runtime"
fi
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
# The runtime image holds the Syna modules; without one the package carries the jars (and needs a JDK 25).
if [[ -d "$dist/lib/syna-runtime" ]]; then
  cp -R "$dist/lib/syna-runtime" "$native/"
else
  cp -R "$dist/lib/syna-modules" "$native/"
fi
