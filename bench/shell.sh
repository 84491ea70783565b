#!/usr/bin/env bash
# Times one `get` command in a warm `syna shell` (one JVM, the database open), against a fresh
# `./syna get` per command (a JVM start each) and sqlite3 answering the same lookups on the same keys
# in its own shell. Per-command time in a shell = (time for M lines - time for 1 line) / (M - 1), so
# start-up and open are not counted; output goes to a file, so printing is. Median of R rounds.
#
#   bench/shell.sh                      # 1,000 keys, M = 5,000 get lines, 5 rounds
#   bench/shell.sh --keys 1000 --lines 5000 --rounds 5 --cold 10
#
# Environment: JAVA_HOME (a JDK 25; found under /usr/lib/jvm otherwise). Run it under the bench lock:
#   flock /tmp/syna-bench.lock bench/shell.sh
# Output also under bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/jdk.sh
. bench/jdk.sh

keys=1000 lines=5000 rounds=5 cold=10
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) keys=$2; shift 2 ;;
    --lines) lines=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --cold) cold=$2; shift 2 ;;
    *) echo "bench/shell.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v sqlite3 > /dev/null || { echo "bench/shell.sh: needs sqlite3 (apt-get install -y sqlite3)" >&2; exit 1; }

./syna --version > /dev/null # builds the CLI once
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench-results
stamp=$(date -u +%Y%m%d-%H%M%S)
out="bench-results/shell-$stamp.txt"

# The same keys and values in both: k/0000 ... with a 40-character text value.
for ((i = 0; i < keys; i++)); do
  printf '{"key":"k/%04d","type":"text","value":"value number %04d of the shell benchmark...."}\n' "$i" "$i"
done > "$work/data.jsonl"
./syna import "$work/db" "$work/data.jsonl" > /dev/null
{
  echo "CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT);"
  echo "BEGIN;"
  for ((i = 0; i < keys; i++)); do
    printf "INSERT INTO kv VALUES('k/%04d','value number %04d of the shell benchmark....');\n" "$i" "$i"
  done
  echo "COMMIT;"
} | sqlite3 "$work/db.sqlite"

for ((i = 0; i < lines; i++)); do printf 'get k/%04d\n' $((i * 7919 % keys)); done > "$work/syna-M.txt"
head -n 1 "$work/syna-M.txt" > "$work/syna-1.txt"
for ((i = 0; i < lines; i++)); do printf "SELECT v FROM kv WHERE k='k/%04d';\n" $((i * 7919 % keys)); done > "$work/sql-M.txt"
head -n 1 "$work/sql-M.txt" > "$work/sql-1.txt"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
per_line() { # $1: command prefix, $2: M file, $3: 1 file, $4: tag -> nanoseconds per line (one round)
  local t0 t1 t2 t3
  t0=$(now); eval "$1" < "$3" > "$work/$4-out1" 2>&1; t1=$(now)
  t2=$(now); eval "$1" < "$2" > "$work/$4-outM" 2>&1; t3=$(now)
  echo $(( ((t3 - t2) - (t1 - t0)) / (lines - 1) ))
}

{
  echo "bench/shell.sh: get in a warm shell vs a JVM per command vs sqlite3"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $keys keys, $lines get lines, $rounds rounds"
} | tee "$out"

syna_ns=() sql_ns=()
for ((r = 0; r < rounds; r++)); do
  syna_ns+=("$(per_line "./syna shell '$work/db' --read-only" "$work/syna-M.txt" "$work/syna-1.txt" syna)")
  sql_ns+=("$(per_line "sqlite3 -readonly '$work/db.sqlite'" "$work/sql-M.txt" "$work/sql-1.txt" sqlite)")
done
# Every line answered, by both: a shell that failed fast would look fast.
[ "$(grep -c '^text value number' "$work/syna-outM")" -eq "$lines" ] || { echo "syna shell did not answer every get:" >&2; head "$work/syna-outM" >&2; exit 1; }
[ "$(grep -c '^value number' "$work/sqlite-outM")" -eq "$lines" ] || { echo "sqlite3 did not answer every SELECT:" >&2; head "$work/sqlite-outM" >&2; exit 1; }
syna_med=$(printf '%s\n' "${syna_ns[@]}" | median)
sql_med=$(printf '%s\n' "${sql_ns[@]}" | median)

cold_ns=()
for ((r = 0; r < cold; r++)); do
  t0=$(now); ./syna get "$work/db" "k/$(printf %04d $((r * 31 % keys)))" > /dev/null; t1=$(now)
  cold_ns+=($((t1 - t0)))
done
cold_med=$(printf '%s\n' "${cold_ns[@]}" | median)

{
  printf '%-44s %12s\n' "measure" "ms/command"
  printf '%-44s %12.3f   rounds: %s\n' "syna shell, get (warm JVM, database open)" "$(echo "$syna_med / 1000000" | bc -l)" \
    "$(printf '%s ' "${syna_ns[@]}" | awk '{for (i = 1; i <= NF; i++) printf "%.3f ", $i / 1e6}')"
  printf '%-44s %12.3f   rounds: %s\n' "sqlite3 shell, SELECT by primary key" "$(echo "$sql_med / 1000000" | bc -l)" \
    "$(printf '%s ' "${sql_ns[@]}" | awk '{for (i = 1; i <= NF; i++) printf "%.3f ", $i / 1e6}')"
  printf '%-44s %12.1f\n' "./syna get, one JVM per command" "$(echo "$cold_med / 1000000" | bc -l)"
  printf 'syna shell / sqlite3: %.2fx the time; a JVM per command / syna shell: %.0fx\n' \
    "$(echo "$syna_med / $sql_med" | bc -l)" "$(echo "$cold_med / $syna_med" | bc -l)"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$out"
