#!/usr/bin/env bash
# Builds the baton-agent RPM (noarch) from the built agent: rpmbuild -bb on packaging/rpm/baton-agent.spec.
#
#   packaging/rpm/build.sh [--jar PATH] [--out DIR] [--version V] [--release R] [--define 'NAME VALUE']...
#
# --jar      the shaded agent jar (default: baton-agent/target/baton-agent.jar; build it with
#            ./mvnw -pl baton-agent -am package)
# --out      where the .rpm goes (default: packaging/rpm/target); prints the RPM's path on stdout
# --version  the RPM version (default: the jar's Implementation-Version before any '-', e.g. 0.1.0)
# --release  the RPM release (default: 1 for a release version; for a -SNAPSHOT 0.<UTC time>.snapshot, so each
#            snapshot build upgrades the one before)
# --config   the default /etc/baton-agent/agent.ini to ship (default: baton-agent/src/dist/agent.ini); a site
#            may package its own
# --define   passed to rpmbuild, e.g. --define 'java_requires temurin-21-jre'
# Needs rpmbuild (Debian: apt-get install rpm; EL: dnf install rpm-build), and unzip to read the version from the
# jar when --version is not given. Exit 2 on a wrong command line or a missing input, else rpmbuild's status.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/../.." && pwd)"

jar="$root/baton-agent/target/baton-agent.jar" out="$here/target" config="" version="" release="" defines=()
usage() { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="${2:?--jar needs a path}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --config) config="${2:?--config needs a file}"; shift 2 ;;
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --release) release="${2:?--release needs a value}"; shift 2 ;;
    --define) defines+=(--define "${2:?--define needs 'NAME VALUE'}"); shift 2 ;;
    -h|--help) usage ;;
    *) echo "build.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
command -v rpmbuild >/dev/null || { echo "build.sh: rpmbuild not found (Debian: apt-get install rpm; EL: dnf install rpm-build)" >&2; exit 2; }
dist="$root/baton-agent/src/dist"
config="${config:-$dist/agent.ini}"
[ -f "$config" ] || { echo "build.sh: no configuration file at $config" >&2; exit 2; }
[ -f "$jar" ] || { echo "build.sh: no agent jar at $jar (build it: ./mvnw -pl baton-agent -am package, or give --jar)" >&2; exit 2; }

if [ -z "$version" ]; then
  # the manifest's Implementation-Version, read with unzip (no JVM start)
  full="$(unzip -p "$jar" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r' | sed -n 's/^Implementation-Version: //p' | head -1)" || true
  [ -n "$full" ] || { echo "build.sh: $jar has no Implementation-Version; give --version" >&2; exit 2; }
  version="${full%%-*}"
  if [ -z "$release" ]; then
    case "$full" in *-SNAPSHOT) release="0.$(date -u +%Y%m%d%H%M%S).snapshot" ;; *) release=1 ;; esac
  fi
fi
release="${release:-1}"
case "$version$release" in *[!A-Za-z0-9._+~^]*) echo "build.sh: version '$version' and release '$release' may only hold letters, digits and ._+~^" >&2; exit 2 ;; esac

top="$(mktemp -d "${TMPDIR:-/tmp}/baton-agent-rpm.XXXXXX")"
trap 'rm -rf "$top"' EXIT
src="$top/SOURCES"
mkdir -p "$src" "$out"
cp "$jar" "$src/baton-agent.jar"
cp "$config" "$src/agent.ini"
cp "$dist/baton-agent" "$dist/cron.example" "$dist"/systemd/*.service "$dist"/systemd/*.timer "$src/"
cp "$root/docs/agent.md" "$root/docs/agent-rpm.md" "$src/"

rpmbuild -bb --quiet \
  --define "_topdir $top" --define "_sourcedir $src" --define "_rpmdir $top/RPMS" \
  --define "agent_version $version" --define "agent_release $release" \
  "${defines[@]}" "$here/baton-agent.spec" >&2
rpm="$(find "$top/RPMS" -name '*.rpm' | head -1)"
mv -f "$rpm" "$out/"
echo "$out/$(basename "$rpm")"
