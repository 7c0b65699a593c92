# Sourced by ./baton and ./run-tests: sets JAVA_HOME to a JDK >= 21, or explains what to install.
# Order: $JAVA_HOME, the java on PATH, then the newest JDK under /usr/lib/jvm.

baton_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

baton_find_jdk() {
  local candidates=() c v best="" best_v=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in /usr/lib/jvm/* /opt/java/* /usr/local/java/*; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(baton_java_major "$c/bin/java")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best="$c"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "baton: no JDK 21 or newer found (looked at \$JAVA_HOME, PATH and /usr/lib/jvm)." >&2
    echo "baton: install one, e.g. 'apt-get install openjdk-21-jdk-headless' (Debian 12: from bookworm-backports)" >&2
    echo "baton: or a Temurin 21/25 JDK, then set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  # Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24 and later warn about on every build. JDK 21
  # does not know the option, so it is only given where it exists.
  if [ "$best_v" -ge 24 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}
