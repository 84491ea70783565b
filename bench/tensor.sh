#!/usr/bin/env bash
# Builds syna-bench and runs the tensor benchmark (syna.bench.tensor.TensorBench) in one JVM:
#   1. a 1 GiB f32 tensor: TensorWriter vs a plain file write (+fsync); streaming reader and get()
#      vs a memory-mapped read of the file, heap allocated by the stream;
#   2. putAll of 1,000,000 x 768 f32 rows and get("train/*") vs one .npy file vs the original
#      system's one-entry-per-element layout (on a subset);
#   3. shuffled batches of 256: the engine's batch iterator and the DJL dataset on DJL's PyTorch
#      engine (CPU, from Maven Central, offline).
#
#   flock /tmp/syna-bench.lock bench/tensor.sh                       # the full run (needs ~9 GB of disk)
#   flock /tmp/syna-bench.lock bench/tensor.sh --mib 256 --rows 100000 --skip-djl   # a short one
#
# Environment: JAVA_HOME (a JDK 25), BENCH_HEAP (default 2g), BENCH_SKIP_BUILD=1 (reuse the build),
# BENCH_DIR (scratch directory, default bench-results/tensor-data; deleted at the end).
# Output: stdout, also saved under bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=bench/jdk.sh
. bench/jdk.sh

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -pl syna-bench -am package -DskipTests
  # with package in the same run the reactor resolves our modules to their fresh jars (not ~/.m2);
  # syna-djl comes last, so its test class path (DJL, the PyTorch engine and natives) is what stays
  ./mvnw -q -pl syna-djl -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/syna-djl/target/test-classpath.txt"
fi
djl_jar=$(ls syna-djl/target/syna-djl-*.jar | grep -v -- '-sources\|-javadoc' | head -1)
cp="syna-bench/target/benchmarks.jar:$djl_jar:$(cat syna-djl/target/test-classpath.txt)"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git diff --quiet HEAD -- 2>/dev/null; then commit="$commit-dirty"; fi
heap=${BENCH_HEAP:-2g}
mkdir -p bench-results
stamp=$(date -u +%Y%m%d-%H%M%S)
echo "df before: $(df -h . | tail -1)"

"$JAVA_HOME/bin/java" -Xms"$heap" -Xmx"$heap" --enable-native-access=ALL-UNNAMED \
  -Dai.djl.offline=true -DENGINE_CACHE_DIR=syna-djl/target/djl-cache -DDJL_CACHE_DIR=syna-djl/target/djl-cache \
  -Dsyna.bench.commit="$commit" -cp "$cp" syna.bench.tensor.TensorBench \
  --dir "${BENCH_DIR:-bench-results/tensor-data}" "$@" | tee "bench-results/tensor-$stamp.txt"
