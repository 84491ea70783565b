#!/usr/bin/env bash
# Builds syna-bench and runs the side-by-side storage benchmark (syna.bench.StorageBench):
# Syna vs RocksDB vs LMDB vs Chronicle Map vs a raw FileChannel log, same workloads, same seed, one JVM.
# Each phase runs 1,000,000 operations (a few seconds), with p50/p99/p99.9/max latency and heap bytes
# allocated per operation; after the read phases every engine closes its 100,000-key store and opens it again (timed).
#
#   bench/storage.sh                      # full run: 1,000,000 ops per workload, 2,000 for ALWAYS/GROUP
#   bench/storage.sh --ops 5000 --sync-ops 100 --seed 42    # a short smoke run
#   bench/storage.sh --help               # every option
#   bench/storage.sh reopen --keys 1000000 --value-bytes 1024   # open/close times (syna.bench.ReopenBench):
#                                         # from the checkpoint, by a full scan, and after a crash
#   bench/storage.sh compact --keys 1000000 --value-bytes 100   # puts beside a full compaction, Syna vs RocksDB
#                                         # (syna.bench.CompactionBench)
#   BENCH_HEAP=8g bench/storage.sh heap --keys 10000000   # heap per live key, written / reopened / read
#                                         # (syna.bench.HeapBench; public API only, so it measures older builds too)
#
# Options after the script name go to StorageBench. Environment: JAVA_HOME (a JDK 25; found under
# /usr/lib/jvm otherwise), BENCH_HEAP (default 2g; the JVM runs with a fixed heap),
# BENCH_JAVA_OPTS (extra JVM flags, e.g. -XX:StartFlightRecording=filename=bench.jfr),
# BENCH_SKIP_BUILD=1 (reuse syna-bench/target/benchmarks.jar).
# Output: the tables on stdout, also saved with the CSV and JSON under bench-results/.
# RocksDB and LMDB need no system package: rocksdbjni and lmdbjava bundle their native libraries
# (linux/macos x86_64 and aarch64, windows x86_64). An engine whose library does not load is
# skipped with a message saying what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=bench/jdk.sh
. bench/jdk.sh

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -pl syna-bench -am package -DskipTests
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git diff --quiet HEAD -- 2>/dev/null; then commit="$commit-dirty"; fi
heap=${BENCH_HEAP:-2g}
main=syna.bench.StorageBench
name=storage
extra=(--results bench-results)
if [ "${1:-}" = reopen ]; then
  main=syna.bench.ReopenBench
  name=storage-reopen
  extra=()
  shift
elif [ "${1:-}" = heap ]; then
  main=syna.bench.HeapBench
  name=storage-heap
  extra=()
  shift
elif [ "${1:-}" = compact ]; then
  main=syna.bench.CompactionBench
  name=storage-compact
  extra=()
  shift
fi
mkdir -p bench-results
stamp=$(date -u +%Y%m%d-%H%M%S)

# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
# Chronicle Map's flags for JDK 17+ (as its documentation lists them), without its usage analytics.
chronicle=(--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED -Dchronicle.analytics.disable=true -Dchronicle.disk.monitor.disable=true)
"$JAVA_HOME/bin/java" -Xms"$heap" -Xmx"$heap" -XX:+AlwaysPreTouch \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "${chronicle[@]}" \
  ${BENCH_JAVA_OPTS:-} -Dsyna.bench.commit="$commit" \
  -cp syna-bench/target/benchmarks.jar "$main" ${extra[@]+"${extra[@]}"} "$@" \
  | tee "bench-results/$name-$stamp.txt"
