#!/usr/bin/env bash
# Links the jlink image with the CLI and the Studio (issue 19: <= 60 MB) and gives it a CDS archive of
# the classes a `syna studio` start loads:
#   bench/studio-image.sh IMAGE [MODULE_PATH]
# 1. jlink the roots below from the JDK's jmods and MODULE_PATH (default: the syna-cli jar and
#    syna-cli/target/modules). syna.mlops reads BouncyCastle only through `requires static` (BLAKE3), so
#    the image carries neither it nor java.sql, java.naming and java.xml;
# 2. trains once: `syna studio` on a fresh `syna demo` database until /api/info answers, with
#    -XX:DumpLoadedClassList;
# 3. replaces lib/server/classes.jsa (the archive every start of the image maps) with a static archive
#    of that list, dumped with the launch's own module options (--add-modules syna.studio -m syna.cli)
#    so that the archived module graph is used too. The list keeps every class of Syna and its
#    libraries (they are verified when loaded, the dearest to load; of picocli's Java 5 class files CDS
#    archives only some) and the JDK's in load order as far as the size budget allows.
# Environment: JAVA_HOME (JDK 25), IMAGE_BUDGET_MB (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/jdk.sh
. bench/jdk.sh
IMAGE="$1"
if [[ $# -ge 2 ]]; then
  MP="$2"
else
  CLI_JAR="$(ls syna-cli/target/syna-cli-*.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' | head -n 1)"
  MP="$CLI_JAR:syna-cli/target/modules"
fi
BUDGET_KB=$((${IMAGE_BUDGET_MB:-60} * 1024))
roots=syna.cli,syna.studio,syna.storage,syna.vector,syna.index.hnsw,syna.index.gwi,syna.index.cascade,syna.mlops,syna.tensor
rm -rf "$IMAGE"
"$JAVA_HOME/bin/jlink" --module-path "$JAVA_HOME/jmods:$MP" --add-modules "$roots" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$IMAGE"
echo "linked $IMAGE without a CDS archive: $(du -sk "$IMAGE" | cut -f1) KiB, modules: $roots"

work="$(mktemp -d)"
"$IMAGE/bin/java" -m syna.cli demo "$work/demo" > /dev/null
out="$work/studio.out"
"$IMAGE/bin/java" -XX:DumpLoadedClassList="$work/loaded.classlist" --add-modules syna.studio -m syna.cli \
  studio "$work/demo" --port 0 > "$out" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 1200); do
  url="$(grep -o 'http://[^ ]*token=[0-9a-f]*' "$out" | head -n 1 || true)"
  [[ -n "$url" ]] && break
  sleep 0.025
done
if [[ -z "$url" ]]; then
  kill "$pid" || true; cat "$out"; echo "training: syna studio did not print its URL" >&2; exit 1
fi
curl -s -o /dev/null "${url%%\?*}api/info"
kill -TERM "$pid"
wait "$pid" || true

# The first $2 JDK classes (in load order), every other class, and their lambda and constant-pool
# lines; the JDK's method-handle holders (@lambda-form-invoker) stay.
pick() {
  awk -v n="$2" '
    /^#/ || /^@lambda-form-invoker/ { print; next }
    { owner = ($1 ~ /^@/) ? $2 : $1 }
    owner ~ /^(java|javax|jdk|sun|com\/sun)\// {
      if ($1 !~ /^@/ && k < n) { k++; kept[owner] = 1 }
      if (owner in kept) print
      next
    }
    { print }' "$1"
}
jdk_classes="$(grep -cE '^(java|javax|jdk|sun|com/sun)/' "$work/loaded.classlist" || true)"
base_kb="$(du -sk "$IMAGE" | cut -f1)"
n="$jdk_classes"
while :; do
  pick "$work/loaded.classlist" "$n" > "$work/archive.classlist"
  rm -f "$IMAGE/lib/server/classes.jsa"
  "$IMAGE/bin/java" -Xshare:dump -XX:SharedClassListFile="$work/archive.classlist" \
    -XX:SharedArchiveFile="$IMAGE/lib/server/classes.jsa" --add-modules syna.studio -m syna.cli > "$work/dump.log" 2>&1 \
    || { cat "$work/dump.log"; echo "CDS dump failed" >&2; exit 1; }
  kb="$(du -sk "$IMAGE" | cut -f1)"
  if (( kb <= BUDGET_KB || n <= 0 )); then
    break
  fi
  n=$((n - 50))
done
echo "CDS archive: $(grep -vc '^[#@]' "$work/archive.classlist") classes (JDK: $n of the $jdk_classes loaded), \
$(( $(stat -c %s "$IMAGE/lib/server/classes.jsa") / 1024 )) KiB; image without it $base_kb KiB"
rm -rf "$work"
echo "image $IMAGE: $(du -sm "$IMAGE" | cut -f1) MB ($(du -sb "$IMAGE" | cut -f1) bytes)"
