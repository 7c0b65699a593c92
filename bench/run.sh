#!/usr/bin/env bash
# Builds baton.jar and the load driver, then runs dev.baton.bench.LockLoad with JDK 25.
#   bench/run.sh                    # the full run: embedded + PostgreSQL, raw commits, pairs, 10,000 waiters
#   bench/run.sh --help             # the driver's options
#   BENCH_SKIP_BUILD=1 bench/run.sh # run what is built
#   BENCH_NICE=-10 bench/run.sh     # run ahead of other work on a shared machine (root)
# The server runs as its own process (java -jar baton-app/target/baton.jar server); see bench/README.md.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench/run.sh: no JDK at $JAVA_HOME (set BENCH_JAVA_HOME)" >&2; exit 2; }

# 10,000 waiting clients need 10,000 sockets in the driver and 10,000 in the server (which inherits this).
hard="$(ulimit -Hn)"
ulimit -n "$hard" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 25000 ]; then
  echo "bench/run.sh: note: only $(ulimit -n) open files allowed; the 10,000-waiter scenario needs ~10,100 per process" >&2
fi

cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench/run.sh: building baton.jar and the bench (quiet)..." >&2
  ./mvnw -q -B -DskipTests package -pl bench,baton-app -am
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
# BENCH_NICE=-10 runs the driver, the server and PostgreSQL (children inherit it) ahead of other work on a
# shared machine: closer to a machine of their own. Needs root for negative values.
nice=()
[ -n "${BENCH_NICE:-}" ] && nice=(nice -n "$BENCH_NICE")
exec "${nice[@]}" "$JAVA_HOME/bin/java" -Xmx2g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED \
  -cp "$cp" dev.baton.bench.LockLoad --jar "$root/baton-app/target/baton.jar" "$@"
