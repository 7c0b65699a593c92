#!/usr/bin/env bash
# Builds the bench, then runs dev.baton.bench.SigningLoad: Baton's package signing against rpmsign --addsign on the
# same packages with the same key, with JDK 25.
#   bench/signing.sh                      # 200 packages, RSA and EdDSA, 3 rounds
#   bench/signing.sh --help               # the driver's options
#   BENCH_SKIP_BUILD=1 bench/signing.sh   # run what is built
# See bench/README.md, "Package signing (issue 15)".
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench/signing.sh: no JDK at $JAVA_HOME (set BENCH_JAVA_HOME)" >&2; exit 2; }
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench/signing.sh: building the bench (quiet)..." >&2
  ./mvnw -q -B -DskipTests package -pl bench -am
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$cp" dev.baton.bench.SigningLoad "$@"
