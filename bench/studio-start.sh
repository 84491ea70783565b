#!/usr/bin/env bash
# `syna studio` start times of several jlink images (or JVM options), alternated round by round so
# that they share the machine's load (issue 19: up and serving in <= 1 s). Run under the bench lock,
#   flock /tmp/syna-bench.lock bench/studio-start.sh ROUNDS DB IMAGE[:JVM_OPTIONS]...
# e.g. bench/studio-start.sh 7 /tmp/studio-db-copy /tmp/old-image /tmp/new-image "/tmp/new-image:-XX:+UseSerialGC".
# The Studio opens DB writable: pass a copy. Each start: process start until the printed URL answers
# /api/info (the database is open by then); then, as the real work after it, the time of
# GET /api/vectors/STORE (opens the vector store, VECTOR_STORE, default emb).
set -euo pipefail
rounds="$1"; db="$2"; shift 2
store="${VECTOR_STORE:-emb}"
echo "== machine: $(nproc) cores, load: $(uptime | sed 's/.*load average: //')"
declare -A up open
for r in $(seq 1 "$rounds"); do
  for spec in "$@"; do
    image="${spec%%:*}"; opts=""
    [[ "$spec" == *:* ]] && opts="${spec#*:}"
    out="$(mktemp)"
    start=$(date +%s%N)
    # shellcheck disable=SC2086 # the options are words
    "$image/bin/java" $opts --add-modules syna.studio -m syna.cli studio "$db" --port 0 > "$out" 2>&1 &
    pid=$!
    url=""
    for _ in $(seq 1 6000); do
      url="$(grep -o 'http://[^ ]*token=[0-9a-f]*' "$out" | head -n 1 || true)"
      [[ -n "$url" ]] && break
      sleep 0.005
    done
    if [[ -z "$url" ]]; then
      kill "$pid" || true; cat "$out"; echo "$spec: syna studio did not print its URL" >&2; exit 1
    fi
    base="${url%%\?*}"
    info="$(curl -s "${base}api/info")"
    end=$(date +%s%N)
    [[ "$info" == *'"database"'* ]] || { kill "$pid"; echo "$spec: /api/info answered $info" >&2; exit 1; }
    t0=$(date +%s%N)
    code="$(curl -s -o /dev/null -w '%{http_code}' "${base}api/vectors/$store")"
    t1=$(date +%s%N)
    up[$spec]+="$(((end - start) / 1000000)) "
    open[$spec]+="$(((t1 - t0) / 1000000)) "
    echo "$spec round $r: up and serving in $(((end - start) / 1000000)) ms ($(grep -o 'up in [0-9]* ms' "$out")); \
/api/vectors/$store -> $code in $(((t1 - t0) / 1000000)) ms"
    kill -TERM "$pid" # TERM runs the shutdown hook that closes the database
    wait "$pid" || true
    rm -f "$out"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for spec in "$@"; do
  echo "$spec: up median $(echo "${up[$spec]}" | median) ms of ${up[$spec]}; vector store open median \
$(echo "${open[$spec]}" | median) ms of ${open[$spec]}"
done
echo "== load after: $(uptime | sed 's/.*load average: //')"
