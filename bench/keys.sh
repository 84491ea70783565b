#!/usr/bin/env bash
# Builds syna-bench and times db.keys() over N user keys alone and beside a model registry and an
# experiment tracker in the same database, same run (syna.bench.keys.KeysBench):
#
#   bench/keys.sh                           # 10,000,000 user keys, 20 models of 1 MiB, 2,000 runs
#   bench/keys.sh --keys 1000000 --reps 3   # a shorter run
#
# Environment: JAVA_HOME (a JDK 25), BENCH_HEAP (default 8g), BENCH_SKIP_BUILD=1 (reuse the jar).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/jdk.sh
. bench/jdk.sh
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -pl syna-bench -am package -DskipTests
fi
mkdir -p bench-results
stamp=$(date -u +%Y%m%d-%H%M%S)
"$JAVA_HOME/bin/java" -Xms"${BENCH_HEAP:-8g}" -Xmx"${BENCH_HEAP:-8g}" \
  -cp syna-bench/target/benchmarks.jar syna.bench.keys.KeysBench "$@" | tee "bench-results/keys-$stamp.txt"
