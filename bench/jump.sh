#!/usr/bin/env bash
# Builds the bench, then runs dev.baton.bench.JumpLoad: a jump run of trivial remote lines on logical hosts of one
# test sshd, against a plain ssh loop with the same parallelism, with JDK 25.
#   bench/jump.sh                      # 200 hosts, 20 lines, 20 at a time, 2 rounds
#   bench/jump.sh --help               # the driver's options
#   BENCH_SKIP_BUILD=1 bench/jump.sh   # run what is built
# See bench/README.md, "Release jump runs (issue 16)".
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench/jump.sh: no JDK at $JAVA_HOME (set BENCH_JAVA_HOME)" >&2; exit 2; }
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench/jump.sh: building the bench (quiet)..." >&2
  ./mvnw -q -B -DskipTests package -pl bench -am
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$cp" dev.baton.bench.JumpLoad "$@"
