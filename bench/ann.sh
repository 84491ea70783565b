#!/usr/bin/env bash
# ANN benchmark: Syna's index providers against jvector, Lucene HNSW (MMapDirectory, one segment; through
# IndexSearcher and at the leaf), hnswlib and FAISS (the faiss-cpu wheel, through bench/faiss_ann.py) on one data set.
#
#   bench/ann.sh gen gauss  <dir> <n> <queries> [dim] [seed]   seeded Gaussian mixture + exact ground truth
#   bench/ann.sh gen minilm <dir> <n> <queries>                all-MiniLM-L6-v2 (offline) over man pages/docs
#   bench/ann.sh run <dir> [key=value ...]                     the benchmark; keys: m (16), efc (100),
#        k (10), n (all base vectors; fewer recomputes the ground truth), queries (all), efs (10,20,40,80,120,200,300,500), only (comma list of index names), seed (42),
#        faiss (FAISS contenders: hnsw, ivf-flat, ivf-pq; default hnsw), nprobes (IVF sweep, 1,2,4,...,128)
#   bench/ann.sh faiss <dir> [n=N] [queries=N] [only=ivf-flat,hnsw,ivf-pq]   FFM overhead of syna.faiss and Debian's
#        generic FAISS against the faiss-cpu wheel, on the same index file, queries and nprobe / efSearch
#   bench/ann.sh gwi <dir> [key=value ...]                     Gravity Well vs syna-hnsw and FAISS IVF-Flat, adaptive probing, drift
#   bench/ann.sh cascade <dir> [key=value ...]                 Cascade presets vs syna-hnsw, churn (20% deletes + 20% inserts)
#
# Environment: JAVA_HOME (JDK 25), ANN_HEAP (default 8g, pre-touched so no build pays its page faults), SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/jdk.sh
. bench/jdk.sh
CP_FILE=syna-bench/target/ann.classpath
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$CP_FILE" ]]; then
  ./mvnw -q -pl syna-bench -am install -DskipTests
  ./mvnw -q -pl syna-bench dependency:build-classpath -Dmdep.outputFile="$PWD/$CP_FILE" -Dmdep.includeScope=runtime
fi
CP="syna-bench/target/classes:$(cat "$CP_FILE")"
JAVA=("$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -Xmx"${ANN_HEAP:-8g}" -Xms"${ANN_HEAP:-8g}" -XX:+AlwaysPreTouch -XX:+UseParallelGC --add-modules jdk.incubator.vector
      --enable-native-access=ALL-UNNAMED -cp "$CP")
cmd=${1:-}; shift || true
case "$cmd" in
  gen) exec "${JAVA[@]}" syna.bench.ann.DatasetGenerator "$@" ;;
  run)
    # FAISS from the faiss-cpu wheel (pip install faiss-cpu numpy), measured first by bench/faiss_ann.py on the
    # same files; AnnBenchmark reads its rows (external=) into the same summary. Skipped, saying so, without it.
    ext=()
    if [[ " $* " != *" only="* || " $* " == *faiss* ]]; then
      if python3 -c 'import faiss, numpy' 2>/dev/null; then
        mkdir -p bench-results
        out="bench-results/faiss-$(date +%Y%m%d-%H%M%S).tsv"
        python3 bench/faiss_ann.py "$@" --out "$out" && ext=("external=$out")
      else
        echo "FAISS contenders skipped: python3 cannot import faiss and numpy (pip install faiss-cpu numpy)"
      fi
    fi
    exec "${JAVA[@]}" -Dsyna.bench.commit="$(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)" \
         syna.bench.ann.AnnBenchmark "$@" "${ext[@]}" ;;
  faiss) # FFM overhead and Debian-build cost: bench/ann.sh faiss <dir> [n=N] [queries=N] [only=ivf-flat,hnsw,ivf-pq]
    exec "${JAVA[@]}" -Dsyna.bench.commit="$(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)" \
         syna.bench.faiss.FaissOverheadBench "$@" ;;
  gwi|cascade) exec "${JAVA[@]}" -Dsyna.bench.commit="$(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)" \
         "syna.bench.ann.$([[ $cmd == gwi ]] && echo Gwi || echo Cascade)Benchmark" "$@" ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
