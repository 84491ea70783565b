#!/usr/bin/env bash
# Builds syna-bench and runs the LangChain4j store benchmark (syna.bench.lc4j.EmbeddingStoreBench):
# SynaEmbeddingStore vs LangChain4j's InMemoryEmbeddingStore on the same seeded 384-d embeddings with
# an integer metadata field: adds/s, single-thread QPS without a filter and with 10% and 1% filters,
# and Syna's recall@10 against the in-memory store's exact answers. Syna uses hnsw when present.
#
#   bench/lc4j.sh                                  # 100,000 segments, 200 queries
#   bench/lc4j.sh --segments 20000 --queries 100 --seed 7
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
  -Dsyna.bench.commit="$commit" -cp syna-bench/target/benchmarks.jar syna.bench.lc4j.EmbeddingStoreBench "$@" \
  2> >(grep -v "Using incubator modules" >&2) | tee "bench-results/lc4j-$stamp.txt"
