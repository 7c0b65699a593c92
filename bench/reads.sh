#!/usr/bin/env bash
# Builds baton.jar and the bench, then runs dev.baton.bench.ReadsLoad (the console's reads) with JDK 25.
#   bench/reads.sh                      # embedded + PostgreSQL: seed, reads, grants with and without live pages
#   bench/reads.sh --help               # the driver's options
#   BENCH_SKIP_BUILD=1 bench/reads.sh   # run what is built
# See bench/README.md, "Console reads (issue 14)".
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench/reads.sh: no JDK at $JAVA_HOME (set BENCH_JAVA_HOME)" >&2; exit 2; }
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench/reads.sh: building baton.jar and the bench (quiet)..." >&2
  ./mvnw -q -B -DskipTests package -pl bench,baton-app -am
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
main=dev.baton.bench.ReadsLoad
if [ "${1:-}" = seed ]; then main=dev.baton.bench.ReadsSeed; shift; fi
exec "$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED -cp "$cp" "$main" \
  $([ "$main" = dev.baton.bench.ReadsLoad ] && echo --jar "$root/baton-app/target/baton.jar") "$@"
