#!/usr/bin/env bash
# FleetLock load (issue 3): bench/fleetlock.sh [clients=64] [groups=4] [slots=5] [seconds=20]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$root"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench/fleetlock.sh: building baton.jar and the bench (quiet)..." >&2
  ./mvnw -q -B -DskipTests package -pl bench,baton-app -am
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
exec "$JAVA_HOME/bin/java" -cp "$cp" dev.baton.bench.FleetLockLoad "$root/baton-app/target/baton.jar" "$@"
