#!/usr/bin/env bash
# libsynadb: JVM start on the first call, SYNA_get_float calls/s from C on one thread (target >= 1,000,000/s),
# the Python ctypes overhead beside it, and get_history_tensor of 1,000,000 points into numpy against
# numpy.fromfile of the same bytes (target <= 2x). Run it under the bench lock:
#
#   flock /tmp/syna-bench.lock bench/native.sh [N_CALLS (5000000)] [N_POINTS (1000000)]
#
# Builds syna-native (package, no tests) unless SKIP_BUILD=1. Needs gcc; Python parts need python3 + numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/jdk.sh
. bench/jdk.sh
calls=${1:-5000000}
points=${2:-1000000}
dist=syna-native/target/synadb
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$dist/lib/libsynadb.so" ]]; then
  ./mvnw -q -o -pl syna-native -am package -DskipTests -Dmaven.javadoc.skip
fi
work=$(mktemp -d /tmp/syna-native-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
gcc -std=c11 -D_GNU_SOURCE -O2 -I"$dist/include" bench/native_bench.c -o "$work/native_bench" -L"$dist/lib" -lsynadb \
  -Wl,-rpath,"$PWD/$dist/lib"
echo "# bench/native.sh $calls $points  commit $(git rev-parse --short HEAD)  $(date -u +%FT%TZ)"
echo "# $(uptime)"
echo "# CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
unset SYNA_JAVA_HOME # the bundled runtime (lib/syna-runtime) when the build made one
[[ -d "$dist/lib/syna-runtime" ]] || export SYNA_JAVA_HOME="$JAVA_HOME"
echo "# runtime: $([[ -d "$dist/lib/syna-runtime" ]] && echo "bundled jlink image ($(du -sh "$dist/lib/syna-runtime" | cut -f1))" || echo "$JAVA_HOME + module path")"
starts=() firsts=()
for i in 1 2 3 4 5; do
  read -r s f < <("$work/native_bench" start "$work/first-$i")
  starts+=("$s"); firsts+=("$f")
done
printf 'c_jvm_start_s (SYNA_start in a fresh process) runs=%s median=%s\n' "$(IFS=,; echo "${starts[*]}")" \
  "$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p)"
printf 'c_then_first_open_put_get_s runs=%s median=%s\n' "$(IFS=,; echo "${firsts[*]}")" \
  "$(printf '%s\n' "${firsts[@]}" | sort -n | sed -n 3p)"
"$work/native_bench" run "$work/db" "$calls" "$points"
if command -v python3 >/dev/null && python3 -c "import numpy" 2>/dev/null; then
  PYTHONPATH="$dist/python" python3 bench/native_bench.py "$work/db" "$((calls / 5))" "$points" "$work/series.f64"
  pystarts=()
  for _ in 1 2 3; do pystarts+=("$(PYTHONPATH="$dist/python" python3 -c 'import synadb; print("%.4f" % synadb.start())')"); done
  printf 'py_first_call_jvm_start_s runs=%s\n' "$(IFS=,; echo "${pystarts[*]}")"
else
  echo "python3 with numpy not found: Python figures skipped"
fi
echo "# $(uptime)"
