#!/usr/bin/env bash
# Builds syna-bench and runs the vector benchmark (syna.bench.vectors.VectorBench): exact-search
# scan rate vs measured memory bandwidth, SIMD vs scalar kernels, MmapVectorStore bulk ingest vs raw
# positional writes, durable VectorStore inserts per durability mode. Figures are ratios to
# yardsticks measured in the same run.
#
#   bench/vectors.sh                              # 200,000 vectors, 2,000 durable ops per mode
#   bench/vectors.sh --vectors 50000 --durable-ops 200 --seed 7
#
# Environment: JAVA_HOME (a JDK 25; found under /usr/lib/jvm otherwise), BENCH_HEAP (default 6g),
# BENCH_SKIP_BUILD=1 (reuse syna-bench/target/benchmarks.jar). Output also under bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=bench/jdk.sh
. bench/jdk.sh

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -pl syna-bench -am package -DskipTests
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
heap=${BENCH_HEAP:-6g}
mkdir -p bench-results
stamp=$(date -u +%Y%m%d-%H%M%S)
"$JAVA_HOME/bin/java" -Xms"$heap" -Xmx"$heap" --add-modules jdk.incubator.vector \
  -Dsyna.bench.commit="$commit" -cp syna-bench/target/benchmarks.jar syna.bench.vectors.VectorBench "$@" \
  2> >(grep -v "Using incubator modules" >&2) | tee "bench-results/vectors-$stamp.txt"
