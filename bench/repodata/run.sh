#!/usr/bin/env bash
# Publishing repository metadata for 10,000 packages: Baton's RepodataWriter against createrepo_c on the same files,
# in the same run (issue 15's target: Baton within 1.5x of createrepo_c's time).
# Usage:
#   bench/repodata/run.sh                      # build baton-pipeline, generate the packages, measure
#   BENCH_SKIP_BUILD=1 bench/repodata/run.sh   # measure what is built
#   BENCH_PACKAGES=2000 BENCH_ROUNDS=5 bench/repodata/run.sh
# The packages: rpmbuild makes 100 distinct small noarch packages from one spec (100 subpackages, each with files,
# a Requires and a Provides), copied into BENCH_PACKAGES/100 directories (distinct paths, the same 100 NEVRAs).
# Both tools read every header and hash every whole file, which is the work that grows with the count.
# Rounds alternate the order of the two tools, so a burst of load from elsewhere falls on both alike; the figure is
# the ratio of the medians of wall time. Baton publishes inside its long-running server, so the target is judged on
# a warm publish (the third of three in one JVM); the first publish of a fresh JVM and the whole process (three
# publishes, JVM start included) are printed beside it. createrepo_c
# runs with --no-database (the same three files Baton writes; its default also writes sqlite databases, which
# dnf does not need) and its default worker threads; Baton reads with BENCH_THREADS (default 4) threads.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench/repodata/run.sh: no JDK at $JAVA_HOME (set BENCH_JAVA_HOME)" >&2; exit 2; }
count="${BENCH_PACKAGES:-10000}"
rounds="${BENCH_ROUNDS:-3}"
threads="${BENCH_THREADS:-4}"
for tool in rpmbuild createrepo_c python3; do
  command -v "$tool" >/dev/null || { echo "bench/repodata/run.sh: needs $tool" >&2; exit 2; }
done
work="$root/bench/target/repodata-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"

cd "$root"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -pl baton-pipeline -am -DskipTests install
fi
./mvnw -B -q -pl baton-pipeline dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null
classpath="$root/baton-pipeline/target/classes:$(cat "$work/classpath.txt")"

# 100 distinct packages from one spec
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
n = 100
lines = ["Name: benchbase", "Version: 1.0", "Release: 1", "Summary: bench", "License: MIT", "BuildArch: noarch",
         "%description", "bench base", "%install"]
for i in range(n):
    lines.append(f"mkdir -p %{{buildroot}}/usr/share/bench{i:04d} %{{buildroot}}/usr/bin"
                 f" && echo {i} > %{{buildroot}}/usr/share/bench{i:04d}/data && echo {i} > %{{buildroot}}/usr/bin/bench{i:04d}")
for i in range(n):
    lines += [f"%package -n bench{i:04d}", f"Summary: bench package {i}", f"Requires: bench{(i + 1) % n:04d}",
              f"Provides: benchcap{i} = {i}", f"%description -n bench{i:04d}", f"Bench package number {i}.",
              f"%files -n bench{i:04d}", f"/usr/share/bench{i:04d}", f"/usr/bin/bench{i:04d}"]
open(f"{work}/bench.spec", "w").write("\n".join(lines) + "\n")
PY
echo "generating $count packages (100 built with rpmbuild, copied)..." >&2
rpmbuild -bb --quiet --nodeps --define "_topdir $work/top" --define "_build_id_links none" \
  --define "__os_install_post %{nil}" "$work/bench.spec" >/dev/null 2>&1
repo="$work/repo"
for ((d = 0; d < count / 100; d++)); do
  mkdir -p "$repo/Packages/c$d"
  cp "$work"/top/RPMS/noarch/bench*.rpm "$repo/Packages/c$d/"
done
echo "packages: $(find "$repo" -name '*.rpm' | wc -l), $(du -sh "$repo" | cut -f1)" >&2
sync

now() { date +%s.%N; }
results="$work/times.txt"
: > "$results"
run_createrepo() {
  rm -rf "$work/cr"; mkdir -p "$work/cr"
  local t0; t0=$(now)
  createrepo_c -q --no-database --outputdir "$work/cr" "$repo"
  echo "createrepo_c $(python3 -c "print(round($(now) - $t0, 3))")" >> "$results"
}
run_baton() {
  rm -rf "$work"/baton-*
  local t0; t0=$(now)
  "$JAVA_HOME/bin/java" -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -cp "$classpath:$work/classes" \
    PublishMetadata "$repo" "$work/baton" "$threads" 3 > "$work/baton.out"
  echo "baton-process $(python3 -c "print(round($(now) - $t0, 3))")" >> "$results"
  # the first publish of the process (cold JIT), then the warm ones (what the running server pays)
  echo "baton-cold $(sed -n 's/^publish 1: \([0-9.]*\) s.*/\1/p' "$work/baton.out")" >> "$results"
  echo "baton-warm $(sed -n 's/^publish 3: \([0-9.]*\) s.*/\1/p' "$work/baton.out")" >> "$results"
}
mkdir -p "$work/classes"
"$JAVA_HOME/bin/javac" -cp "$classpath" -d "$work/classes" "$root/bench/repodata/PublishMetadata.java"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), CPUs: $(nproc)"
run_createrepo; run_baton   # warm the page cache and the source launcher's compile cache
: > "$results"
for ((r = 0; r < rounds; r++)); do
  if (( r % 2 == 0 )); then run_createrepo; run_baton; else run_baton; run_createrepo; fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# both must have listed every package
for f in "$work"/cr/repodata/*-primary.xml.gz "$work"/baton-3/repodata/*-primary.xml.gz; do
  echo "$(basename "$(dirname "$(dirname "$f")")"): $(zcat "$f" | grep -c '<package ') packages in primary"
done
python3 - "$results" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    tool, t = line.split()
    times.setdefault(tool, []).append(float(t))
for tool, ts in times.items():
    print(f"{tool:13s} median {statistics.median(ts):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in ts)})")
base = statistics.median(times["createrepo_c"])
ok = True
for tool, what in (("baton-warm", "a publish in the running server (warm JVM)"),
                   ("baton-process", "a fresh JVM doing three publishes, start-up included"),
                   ("baton-cold", "the first publish of a fresh JVM")):
    ratio = statistics.median(times[tool]) / base
    print(f"{tool} / createrepo_c = {ratio:.2f}: {what}")
ratio = statistics.median(times["baton-warm"]) / base
print(f"target (warm publish <= 1.5x createrepo_c): {'met' if ratio <= 1.5 else 'NOT met'}")
sys.exit(0 if ratio <= 1.5 else 1)
PY
