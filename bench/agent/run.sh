#!/usr/bin/env bash
# baton-agent start-up and per-script overhead (issue 4's two performance targets), measured with hyperfine:
#   1. `baton-agent run` with nothing to do (every needs_update script exits 0), through the installed launcher
#      (src/dist/baton-agent: the shaded jar, C1, serial GC, the AOT cache the build made): target <= 150 ms wall;
#   2. per-script overhead next to Debian's run-parts on the same 100 trivial scripts, side by side in one hyperfine
#      run: (t(100 scripts) - t(0 scripts)) / 100 for each, target: the agent within 1.5x of run-parts.
# Usage:
#   bench/agent/run.sh                    # build (package baton-agent), then measure
#   BENCH_SKIP_BUILD=1 bench/agent/run.sh # measure what is built
#   BENCH_ROUNDS=10 BENCH_RUNS=5 bench/agent/run.sh   # rounds x runs per command (default 6 x 5)
# The commands run in rounds, each round one hyperfine run of all of them (one warm-up each), so that a burst of
# load from something else on the machine falls on every command alike rather than on one; the figures are taken
# over all rounds. Prints the machine (CPUs, load before and after), wall time (mean, median, min) and CPU time
# (user + system, children included) per command, the two figures and whether they meet the targets; exit 0 when
# both do, 1 when one does not, 2 when it cannot measure. Installs hyperfine when missing (as root).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench/agent/run.sh: no JDK at $JAVA_HOME (set BENCH_JAVA_HOME)" >&2; exit 2; }
rounds="${BENCH_ROUNDS:-6}"
runs="${BENCH_RUNS:-5}"

if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq hyperfine >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null; }
  fi
  command -v hyperfine >/dev/null || { echo "bench/agent/run.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
fi
command -v run-parts >/dev/null || { echo "bench/agent/run.sh: needs run-parts (Debian's debianutils)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench/agent/run.sh: needs python3 to read hyperfine's JSON" >&2; exit 2; }

cd "$root"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench/agent/run.sh: building baton-agent (jar and AOT cache; quiet)..." >&2
  ./mvnw -q -B -DskipTests -pl baton-agent -am package >&2
fi
jar="$root/baton-agent/target/baton-agent.jar"
launcher="$root/baton-agent/src/dist/baton-agent"
[ -f "$jar" ] || { echo "bench/agent/run.sh: $jar is missing (build without BENCH_SKIP_BUILD)" >&2; exit 2; }

work="$(mktemp -d /tmp/baton-agent-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# A host: needs_update.d with $2 trivial scripts, Baton's config pointing at a server that is never needed
# (nothing to do never talks to it: port 9, discard, is closed here), no ext_notify.d.
make_host() {
  local dir="$work/$1" n="$2" i
  mkdir -p "$dir/needs_update.d"
  for ((i = 1; i <= n; i++)); do
    printf '#!/bin/sh\nexit 0\n' > "$dir/needs_update.d/$(printf 's%03d' "$i")"
    chmod 755 "$dir/needs_update.d/$(printf 's%03d' "$i")"
  done
  cat > "$dir/agent.ini" <<INI
[baton]
server = http://127.0.0.1:9
credential_id = bench
credential_secret = bench
lock_name = bench
holder = bench.example.com
base_dir = $dir
state = $dir/state
lock = $dir/agent.lock
log = $dir/agent.log
reboot_cmd = true
INI
}
make_host idle 3
make_host s0 0
make_host s100 100

# The launcher picks the newest JDK >= 21 on the machine; this one is measured, as the cache was made with it.
export BATON_AGENT_JAVA="$JAVA_HOME/bin/java"
for h in idle s0 s100; do
  "$launcher" run --cfg "$work/$h/agent.ini" 2>/dev/null || { echo "bench/agent/run.sh: the agent failed on $h" >&2; exit 2; }
done
aot="without an AOT cache"
[ -f "${jar%.jar}.aot" ] && [ "$(cat "${jar%.jar}.aot.jvm" 2>/dev/null)" = "$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')" ] \
  && aot="with the AOT cache ($(du -h "${jar%.jar}.aot" | cut -f1))"

echo "== machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "== java: $("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p'), $aot"
echo "== load before: $(uptime)"
for ((r = 1; r <= rounds; r++)); do
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/round-$r.json" \
    -n "agent-idle" "$launcher run --cfg $work/idle/agent.ini" \
    -n "agent-idle-no-aot" "env BATON_AGENT_AOT=0 $launcher run --cfg $work/idle/agent.ini" \
    -n "jvm-floor" "$JAVA_HOME/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -version" \
    -n "agent-0" "$launcher run --cfg $work/s0/agent.ini" \
    -n "agent-100" "$launcher run --cfg $work/s100/agent.ini" \
    -n "run-parts-0" "run-parts $work/s0/needs_update.d" \
    -n "run-parts-100" "run-parts $work/s100/needs_update.d" >/dev/null
  echo "   round $r of $rounds done: $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "== load after: $(uptime)"

python3 - "$work"/round-*.json <<'PY'
import json, statistics, sys
times, cpu = {}, {}
for f in sys.argv[1:]:
    for x in json.load(open(f))["results"]:
        times.setdefault(x["command"], []).extend(t * 1000 for t in x["times"])
        cpu.setdefault(x["command"], []).append((x["user"] + x["system"]) * 1000)
what = {
    "agent-idle": "baton-agent run, nothing to do (3 needs_update scripts exit 0)",
    "agent-idle-no-aot": "the same without the AOT cache (BATON_AGENT_AOT=0)",
    "jvm-floor": "java -version with the same flags (the JVM alone)",
    "agent-0": "baton-agent run, needs_update.d empty",
    "agent-100": "baton-agent run, 100 trivial needs_update scripts",
    "run-parts-0": "run-parts on the empty directory",
    "run-parts-100": "run-parts on the same 100 scripts",
}
mean = lambda k: statistics.fmean(times[k])
med = lambda k: statistics.median(times[k])
cpum = lambda k: statistics.fmean(cpu[k])
print()
print("%-18s %8s %8s %8s %8s  %s" % ("wall ms", "mean", "median", "min", "CPU ms", ""))
for k in what:
    print("%-18s %8.1f %8.1f %8.1f %8.1f  %s" % (k, mean(k), med(k), min(times[k]), cpum(k), what[k]))
agent, rp = (med("agent-100") - med("agent-0")) / 100, (med("run-parts-100") - med("run-parts-0")) / 100
agent_cpu, rp_cpu = (cpum("agent-100") - cpum("agent-0")) / 100, (cpum("run-parts-100") - cpum("run-parts-0")) / 100
idle_ok, ratio_ok = med("agent-idle") <= 150, agent / rp <= 1.5
print()
print("nothing to do: median %.1f ms, mean %.1f ms (%d runs): %s (target <= 150 ms)"
      % (med("agent-idle"), mean("agent-idle"), len(times["agent-idle"]), "OK" if idle_ok else "MISSED"))
print("per script (medians, (t100 - t0) / 100): baton-agent %.2f ms, run-parts %.2f ms: %.2fx (target <= 1.5x): %s"
      % (agent, rp, agent / rp, "OK" if ratio_ok else "MISSED"))
print("per script in CPU time: baton-agent %.2f ms, run-parts %.2f ms: %.2fx" % (agent_cpu, rp_cpu, agent_cpu / rp_cpu))
sys.exit(0 if idle_ok and ratio_ok else 1)
PY
