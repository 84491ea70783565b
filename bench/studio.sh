#!/usr/bin/env bash
# Syna Studio figures (issue 19 targets): run under the bench lock,
#   flock /tmp/syna-bench.lock bench/studio.sh [DB_DIR]
# 1. seeds DB_DIR once (default bench-results/studio-db: 1,000,000 user keys, a 100,000 x 384 vector store,
#    models and runs) and times, in one JVM, each page's requests cold and warm, the 3D view's PCA and its
#    payload, and a verify job to its last server-sent event (syna-studio/bench/StudioBench.java);
# 2. links a jlink image with the CLI and the Studio and a CDS archive of a studio start (bench/studio-image.sh)
#    and prints its size;
# 3. times `syna studio` from that image: process start until the printed URL answers /api/info
#    (`java --add-modules syna.studio -m syna.cli studio DB`: the CLI requires the Studio only statically).
# Environment: JAVA_HOME (JDK 25), SKIP_BUILD=1 to reuse the last build, STUDIO_HEAP (default 4g).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/jdk.sh
. bench/jdk.sh
DB="${1:-bench-results/studio-db}"
MODULES=syna-cli/target/modules
if [[ "${SKIP_BUILD:-0}" != 1 || ! -d "$MODULES" ]]; then
  ./mvnw -q -o -pl syna-cli -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
fi
CLI_JAR="$(ls syna-cli/target/syna-cli-*.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' | head -n 1)"
echo "== machine: $(nproc) cores, load: $(uptime | sed 's/.*load average: //'); JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
mkdir -p "$(dirname "$DB")"

echo "== 1. pages, PCA and verify on $DB"
"$JAVA_HOME/bin/java" -Xmx"${STUDIO_HEAP:-4g}" --module-path "$CLI_JAR:$MODULES" --add-modules ALL-MODULE-PATH \
  syna-studio/bench/StudioBench.java "$DB" 5

echo "== 1b. first paint of each page in headless Chromium (StudioFirstPaintTest)"
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  ./mvnw -q -o -pl syna-studio -am verify -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    -Dtest=StudioFirstPaintTest -Dsurefire.failIfNoSpecifiedTests=false -Dstudio.test.heap="${STUDIO_HEAP:-4g}" -Dsyna.studio.bench.db="$(realpath "$DB")" 2>&1 \
    | grep '\[studio-bench\]' || echo "first-paint run failed (see syna-studio/target/surefire-reports)"
else
  echo "skipped: no /usr/bin/chromium and /usr/bin/chromedriver"
fi

echo "== 2. jlink image with the CLI and the Studio, with a CDS archive of a studio start (bench/studio-image.sh)"
IMAGE="$(mktemp -d)/syna-image"
bench/studio-image.sh "$IMAGE" "$CLI_JAR:$MODULES"

echo "== 3. syna studio from the image: process start until the printed URL answers /api/info"
small="$(mktemp -d)/small-db"
"$IMAGE/bin/java" -m syna.cli demo "$small" > /dev/null
for target in "$small" "$DB"; do
  out="$(mktemp)"
  start=$(date +%s%N)
  "$IMAGE/bin/java" --add-modules syna.studio -m syna.cli studio "$target" --port 0 > "$out" 2>&1 &
  pid=$!
  url=""
  for _ in $(seq 1 1200); do
    url="$(grep -o 'http://[^ ]*token=[0-9a-f]*' "$out" | head -n 1 || true)"
    [[ -n "$url" ]] && break
    sleep 0.025
  done
  if [[ -z "$url" ]]; then
    kill "$pid" || true; cat "$out"; echo "syna studio did not print its URL" >&2; exit 1
  fi
  base="${url%%\?*}"
  code="$(curl -s -o /dev/null -w '%{http_code}' "${base}api/info")"
  end=$(date +%s%N)
  printf '%s: up and serving (/api/info -> %s) %d ms after the process started; it says: %s\n' "$target" "$code" \
    $(((end - start) / 1000000)) "$(grep -o 'up in [0-9]* ms' "$out")"
  kill -TERM "$pid" # SIGINT is ignored by background jobs of a script; TERM runs the same shutdown hook
  wait "$pid" || true
  rm -f "$out"
done
rm -rf "$(dirname "$small")"
rm -rf "$(dirname "$IMAGE")"
echo "== load after: $(uptime | sed 's/.*load average: //')"
