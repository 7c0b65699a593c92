#!/usr/bin/env bash
# The package pipeline's walk-through (README), end to end with real tools and nothing else:
#   an upstream repository made here (rpmbuild, rpmsign with a vendor's gpg key, createrepo_c, a signed repomd.xml)
#   and served by a plain HTTP server; a Baton server on its embedded store; the walk-through's ./baton commands;
#   then dnf, in an installroot with gpgcheck=1 and repo_gpgcheck=1, installs from Baton's production repository,
#   lists the advisory and installs the update with --advisory.
# Usage: scripts/pipeline-walkthrough.sh [WORK_DIR]   (needs rpm, createrepo-c, gnupg, dnf, python3; exits 0 when all worked)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work" && work=$(cd "$work" && pwd)
step() { printf '\n== %s\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

step "the vendor: a signing key, packages, a signed repository ($work/upstream)"
export GNUPGHOME=$work/gnupg
mkdir -p -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'Vendor <vendor@example.com>' rsa3072 sign never
gpg --armor --export vendor@example.com > "$work/vendor.asc"
mkdir -p "$work/rpmbuild/SPECS" "$work/upstream"
for pkg in hello:1.0 hello:1.1 tampered:1.0 unsigned:1.0; do
  name=${pkg%%:*} version=${pkg##*:}
  cat > "$work/rpmbuild/SPECS/$name.spec" <<SPEC
Name: $name
Version: $version
Release: 1
Summary: $name, a package of the walk-through
License: MIT
BuildArch: noarch
%description
$name $version, built by the walk-through.
%install
mkdir -p %{buildroot}/usr/share/$name
echo $version > %{buildroot}/usr/share/$name/version
%files
/usr/share/$name/version
SPEC
  rpmbuild --quiet -bb --define "_topdir $work/rpmbuild" "$work/rpmbuild/SPECS/$name.spec"
done
cp "$work"/rpmbuild/RPMS/noarch/*.rpm "$work/upstream/"
rpmsign --quiet --define "__gpg /usr/bin/gpg" --define "_gpg_name vendor@example.com" --addsign \
  "$work"/upstream/hello-*.rpm "$work"/upstream/tampered-*.rpm >/dev/null
createrepo_c --quiet "$work/upstream"
# A byte of tampered's payload changed after the metadata was made: its sha256 no longer matches.
python3 - "$work"/upstream/tampered-1.0-1.noarch.rpm <<'PY'
import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[-10]^=0xff; open(p,'wb').write(b)
PY
gpg --batch --yes --armor --detach-sign "$work/upstream/repodata/repomd.xml"
upstream_port=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$work/upstream" "$upstream_port" >"$work/upstream.log" 2>&1 &
pids+=($!)

step "Baton: a server on its embedded store ($work/data)"
port=$(free_port)
export BATON_ADMIN_PASSWORD=walkthrough-admin-password BATON_SERVER=http://127.0.0.1:$port
umask 077; printf 'walk-through signing passphrase\n' > "$work/signing.pass"; umask 022
"$root/baton" server --port "$port" --data "$work/data" --signing-passphrase-file "$work/signing.pass" >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
cd "$work"
b() { printf '$ baton %s\n' "$*" >&2; "$root/baton" "$@"; }

step "the walk-through"
b key create site
b key export site > site.asc
b remote add upstream "http://127.0.0.1:$upstream_port/" --key vendor.asc --repo-gpgcheck
b remote sync upstream
b package show tampered-1.0-1.noarch --json > tampered.json
grep -q '"test_failed"\|"TEST_FAILED"\|test failed' tampered.json || { cat tampered.json; echo "tampered-1.0-1 is not test failed" >&2; exit 1; }
b package show unsigned-1.0-1.noarch --json > unsigned.json
grep -q '"test_failed"\|"TEST_FAILED"\|test failed' unsigned.json || { cat unsigned.json; echo "unsigned-1.0-1 is not test failed" >&2; exit 1; }
b repo create el-testing --sign-with site
b repo create el-production --sign-with site --production
b repo add el-testing --from upstream
b advisory create --type security --severity Important --title "hello security update" \
  --package hello-1.1-1.noarch --json > advisory.json
id=$(python3 -c 'import json,sys; print(json.load(open("advisory.json"))["id"])')
b repo promote el-testing el-production --package hello-1.0-1.noarch
b repo publish el-production

step "a host: dnf with gpgcheck=1 and repo_gpgcheck=1 installs hello-1.0 from el-production"
mkdir -p repos.d hostroot
cat > repos.d/baton.repo <<REPO
[el-production]
name=Baton el-production
baseurl=http://127.0.0.1:$port/repos/el-production/
gpgcheck=1
repo_gpgcheck=1
gpgkey=file://$work/site.asc
REPO
dnf_host() { dnf -q -y --installroot "$work/hostroot" --releasever 9 --setopt=reposdir="$work/repos.d" \
  --setopt=cachedir="$work/dnfcache" --setopt=install_weak_deps=False --noplugins "$@"; }
dnf_host install hello-1.0-1.noarch
dnf_host list --installed hello | grep -q '1.0-1'

step "the advisory reaches production; the host lists it and updates by advisory"
b repo promote el-testing el-production --advisory "$id"
b repo publish el-production
dnf_host --refresh updateinfo list | tee updateinfo.txt
grep -q "$id" updateinfo.txt
dnf_host upgrade --advisory "$id"
dnf_host list --installed hello | grep -q '1.1-1'
printf '\nThe walk-through worked: %s is installed from el-production, by advisory %s.\n' hello-1.1-1 "$id"
