# Sourced by the bench scripts: sets and exports JAVA_HOME to a JDK 25 or newer (JAVA_HOME if it is
# one, else the first under /usr/lib/jvm), or exits with a message naming the calling script.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 25 ] 2>/dev/null; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    v=$(java_major "$candidate" 2>/dev/null || echo 0)
    if [ "${v:-0}" -ge 25 ] 2>/dev/null; then JAVA_HOME="$candidate"; break; fi
  done
fi
if [ -z "$JAVA_HOME" ]; then
  echo "$0: no JDK 25 found; set JAVA_HOME to a JDK 25" >&2
  exit 1
fi
export JAVA_HOME
