#!/usr/bin/env bash
# Resident memory of a vector store with its hnsw index built, and the first search after a bulk insert
# (syna.bench.vectors.VectorMemoryBench). Run under the bench lock.
#
#   bench/vector-memory.sh memory --store log|mmap [--vectors 1000000] [--dim 384] [--seed 42] [--histogram ROWS]
#   bench/vector-memory.sh first-search --store log|mmap [--vectors 100000] [--dim 384]
#   bench/vector-memory.sh reopen --store log|mmap [--vectors 100000] [--dim 384] [--rounds 5]   open time of a
#                          store with metadata and its saved index, and the first search after it
#
# Environment: JAVA_HOME (a JDK 25; found under /usr/lib/jvm otherwise), BENCH_HEAP (default 10g),
# BENCH_SKIP_BUILD=1 (reuse syna-bench/target/benchmarks.jar). Output also under bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=bench/jdk.sh
. bench/jdk.sh

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -pl syna-bench -am package -DskipTests
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo -dirty)
heap=${BENCH_HEAP:-10g}
mkdir -p bench-results
stamp=$(date -u +%Y%m%d-%H%M%S)
"$JAVA_HOME/bin/java" -Xmx"$heap" -XX:NativeMemoryTracking=summary --add-modules jdk.incubator.vector \
  --enable-native-access=ALL-UNNAMED -Dsyna.bench.commit="$commit" -cp syna-bench/target/benchmarks.jar \
  syna.bench.vectors.VectorMemoryBench "$@" \
  2> >(grep -v "Using incubator modules" >&2) | tee "bench-results/vector-memory-$1-$stamp.txt"
