#!/usr/bin/env bash
# Does the .deb install and run on an OLDER system than the build machine?  Debian 11
# "bullseye" (glibc 2.31, the level of Kylin V10 SP1, Ubuntu 20.04 based) is made with
# debootstrap into a folder; the package is installed there as on a clerk's PC (dpkg -i,
# then apt-get -f install pulls its Depends from bullseye's archive, which also proves
# those names exist there), and the installed program is smoke-tested inside: demo,
# status, the ledger PDF (fonts embedded), and the window offscreen to its first frame.
#
#   usage: packaging/linux/smoke-bullseye.sh [dist/rectdesk_VERSION_amd64.deb]
# Needs root (debootstrap, chroot, mount) and deb.debian.org.  The base system is
# cached in $RECTDESK_BUILD_CACHE (default ~/.cache/rectdesk-build); each run installs
# into a fresh copy of it.  Not part of .ci/run: see README "Packaging" for its time.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(realpath "${1:-$(ls dist/rectdesk_*_amd64.deb)}")
CACHE=${RECTDESK_BUILD_CACHE:-$HOME/.cache/rectdesk-build}
BASE=$CACHE/bullseye-base
MIRROR=http://deb.debian.org/debian
started=$(date +%s)
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

if [ ! -f "$BASE/.complete" ]; then
  command -v debootstrap >/dev/null || $SUDO apt-get install -y -qq debootstrap >/dev/null
  $SUDO rm -rf "$BASE"
  $SUDO debootstrap --variant=minbase bullseye "$BASE" "$MIRROR" >/dev/null
  $SUDO touch "$BASE/.complete"
fi
based=$(date +%s)

R=$(mktemp -d /tmp/rectdesk-bullseye-XXXXXX)
cleanup() {
  for m in dev/pts dev proc; do $SUDO umount "$R/$m" 2>/dev/null || true; done
  $SUDO rm -rf --one-file-system "$R"
}
trap cleanup EXIT
$SUDO cp -a "$BASE/." "$R/"
$SUDO mount -t proc proc "$R/proc"
$SUDO mount --bind /dev "$R/dev"
$SUDO mount --bind /dev/pts "$R/dev/pts"
$SUDO cp /etc/resolv.conf "$R/etc/resolv.conf"
$SUDO cp "$deb" "$R/tmp/rectdesk.deb"
in_root() { $SUDO chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

echo "bullseye: $(in_root ldd --version | head -1)"
in_root apt-get update -qq
if ! in_root dpkg -i /tmp/rectdesk.deb >/dev/null 2>&1; then
  in_root apt-get install -f -y -qq --no-install-recommends >/dev/null
fi
in_root dpkg-query -W -f='${Package} ${Version} ${Status}\n' rectdesk | grep "install ok installed"
installed=$(date +%s)

# Every library the program needs is found in bullseye or in its folder (whose
# _internal the launcher puts on LD_LIBRARY_PATH, as ldd is told here).
if in_root sh -c 'find /opt/rectdesk -type f \( -name "*.so*" -o -perm -u+x \) | while read -r f; do
    LD_LIBRARY_PATH=/opt/rectdesk/_internal ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done' | grep .; then
  echo "bullseye: libraries missing" >&2; exit 1
fi

in_root env RECTDESK_PASSPHRASE=rectdesk-demo RECTDESK_CONFIG=/tmp/t/rectdesk.ini sh -ec '
  mkdir -p /tmp/t && cd /tmp/t
  rectdesk-cli --version
  rectdesk-cli --home T demo
  rectdesk-cli --home T status --json > status.json
  rectdesk-cli --home T export ledger --format pdf --out ledger.pdf
  QT_QPA_PLATFORM=offscreen timeout 120 rectdesk --home T --quit-after-first-frame > window.out
  grep -qx opened window.out
  RECTDESK_SHOW_IM=1 QT_IM_MODULE=fcitx5 rectdesk --version 2>&1 | grep "input method"'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d; print("status --json:", len(json.dumps(d)), "bytes")' "$R/tmp/t/status.json"
pdffonts "$R/tmp/t/ledger.pdf"
if pdffonts "$R/tmp/t/ledger.pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad=1 } END { exit !bad }'; then
  echo "bullseye: a font in the ledger PDF is not embedded" >&2; exit 1
fi
echo "bullseye: smoke passed; debootstrap $((based - started)) s (0 when cached)," \
  "install $((installed - based)) s, smoke $(( $(date +%s) - installed )) s"
