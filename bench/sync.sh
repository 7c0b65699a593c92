#!/usr/bin/env bash
# Builds the server and the bench, then runs dev.baton.bench.SyncLoad: the real Baton server mirroring remotes from a
# static file server on loopback, against parallel curl on the same files (issue 15's mirroring figures), with JDK 25.
#   bench/sync.sh                                   # throughput, resync and heap (about 10-15 minutes here)
#   bench/sync.sh --scenarios resync                # one scenario
#   BENCH_SKIP_BUILD=1 bench/sync.sh --help         # the driver's options
# See bench/README.md, "Mirroring a remote (issue 15)".
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench/sync.sh: no JDK at $JAVA_HOME (set BENCH_JAVA_HOME)" >&2; exit 2; }
for tool in rpmbuild createrepo_c rpmkeys curl xargs; do
  command -v "$tool" >/dev/null || { echo "bench/sync.sh: needs $tool" >&2; exit 2; }
done
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench/sync.sh: building the server and the bench (quiet)..." >&2
  ./mvnw -q -B -DskipTests package -pl bench,baton-app -am
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$cp" dev.baton.bench.SyncLoad "$@"
