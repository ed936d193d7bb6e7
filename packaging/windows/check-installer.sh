#!/usr/bin/env bash
# Compile packaging/windows/rectdesk.iss with Inno Setup 6.3.1 and try the installer it
# makes under Wine: a per-user silent install, the .rdpkt association, an upgrade over
# it, and the uninstaller keeping the data folder.  What Linux cannot give is the
# Windows build of the program itself, so a small stand-in rectdesk.exe is installed
# (it only writes down how it was started); .github/workflows/windows.yml installs the
# real one on Windows.
#
#   packaging/windows/check-installer.sh        (Debian: needs wine32 + wine64, xvfb,
#                                               npm, python3; .ci/run installs them)
#
# The compiler comes from the npm registry (innosetup-compiler 6.3.1 carries ISCC.exe);
# the stand-in is compiled with zig (PyPI's ziglang).  Both are cached in
# ${XDG_CACHE_HOME:-~/.cache}/rectdesk-installer-check.
set -euo pipefail
# One X server for the whole run: Wine's desktop process must see the same display
# from the prefix's first start on (a setup started on another one fails).
[ -n "${DISPLAY:-}" ] || exec xvfb-run -a "$0" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/rectdesk-installer-check
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rectdesk-iscc.XXXXXX")
ISCC_VERSION=6.3.1
export WINEPREFIX=$WORK/wine WINEDEBUG=-all
# Wine links the Windows desktop and documents folders to $HOME: give it its own.
export HOME=$WORK/home
mkdir -p "$HOME/Desktop"
fail() { echo "FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }
started=$SECONDS

step "Inno Setup $ISCC_VERSION from the npm registry"
mkdir -p "$CACHE"
if [ ! -x "$CACHE/iscc/bin/ISCC.exe" ] && [ ! -f "$CACHE/iscc/bin/ISCC.exe" ]; then
  (cd "$CACHE" && npm pack --silent "innosetup-compiler@$ISCC_VERSION" >/dev/null \
    && rm -rf iscc && mkdir iscc \
    && tar xzf "innosetup-compiler-$ISCC_VERSION.tgz" -C iscc --strip-components=1)
fi
ISCC=$CACHE/iscc/bin/ISCC.exe

step "Every message of the compiler's Default.isl, and no other, in ChineseSimplified.isl"
python3 - "$CACHE/iscc/bin/Default.isl" "$ROOT/packaging/windows/ChineseSimplified.isl" <<'PY'
import re, sys

def names(path: str, encoding: str) -> set[str]:
    found, section = set(), None
    for line in open(path, encoding=encoding, errors="replace").read().splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line
        elif section == "[Messages]" and (m := re.match(r"([A-Za-z0-9]+)=", line)):
            found.add(m.group(1))
    return found

english, chinese = names(sys.argv[1], "latin-1"), names(sys.argv[2], "utf-8-sig")
missing, unknown = sorted(english - chinese), sorted(chinese - english)
print(f"   {len(english)} messages in Default.isl, {len(chinese)} in ChineseSimplified.isl")
if missing or unknown:
    sys.exit(f"missing: {missing}\nunknown: {unknown}")
PY

step "A stand-in rectdesk.exe (records its arguments)"
if [ ! -f "$CACHE/stub.exe" ]; then
  python3 -m venv "$CACHE/zig" >/dev/null
  "$CACHE/zig/bin/pip" install -q "ziglang==0.17.1"
  cat > "$WORK/stub.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    const char *dir = getenv("LOCALAPPDATA");
    char path[1024];
    snprintf(path, sizeof path, "%s\\stub-started.txt", dir ? dir : ".");
    FILE *f = fopen(path, "a");
    if (!f) return 1;
    fprintf(f, "started:");
    for (int i = 1; i < argc; i++) fprintf(f, " [%s]", argv[i]);
    fprintf(f, "\n");
    fclose(f);
    return 0;
}
C
  "$CACHE/zig/bin/python" -m ziglang cc -target x86_64-windows-gnu -O2 "$WORK/stub.c" \
    -o "$CACHE/stub.exe"
fi

payload() {  # payload VERSION EXTRA-FILE: dist/rectdesk of a stand-in build
  rm -rf "$WORK/tree/dist"
  mkdir -p "$WORK/tree/dist/rectdesk/_internal"
  cp "$CACHE/stub.exe" "$WORK/tree/dist/rectdesk/rectdesk.exe"
  cp "$CACHE/stub.exe" "$WORK/tree/dist/rectdesk/rectdesk-cli.exe"
  echo "$1" > "$WORK/tree/dist/rectdesk/_internal/$2"
}
compile() {  # compile VERSION: dist/rectdesk-setup-VERSION.exe, with no warning
  (cd "$WORK/tree" && wine "$ISCC" /Q "/DAppVersion=$1" 'packaging\windows\rectdesk.iss') \
    > "$WORK/iscc-$1.log" 2>&1 || { cat "$WORK/iscc-$1.log"; fail "iscc $1"; }
  if grep -qi "warning" "$WORK/iscc-$1.log"; then cat "$WORK/iscc-$1.log"; fail "iscc warned"; fi
  ls -l "$WORK/tree/dist/rectdesk-setup-$1.exe" | awk '{print "   " $9 ": " $5 " bytes"}'
}
run_wine() { timeout 300 wine "$@" >/dev/null 2>&1; }

mkdir -p "$WORK/tree/packaging"
cp -r "$ROOT/packaging/windows" "$ROOT/packaging/icons" "$WORK/tree/packaging/"
timeout 300 wineboot --init >/dev/null 2>&1 || true
LOCAL=$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')
LOCAL_UNIX=$(winepath -u "$LOCAL" 2>/dev/null | tr -d '\r')
APP=$LOCAL_UNIX/Programs/RectificationDesk
DATA=$LOCAL_UNIX/RectificationDesk

step "Compile 0.1.0 and install it per user, silently"
payload 0.1.0 old-only.txt
compile 0.1.0
run_wine "$WORK/tree/dist/rectdesk-setup-0.1.0.exe" /VERYSILENT /SUPPRESSMSGBOXES \
  /NORESTART /TASKS=desktopicon "/LOG=$(winepath -w "$WORK/install-1.log")" \
  || { cat "$WORK/install-1.log"; fail "install"; }
grep -q "Install mode root key: HKEY_CURRENT_USER" "$WORK/install-1.log" || fail "not per user"
grep -q "Administrative install mode: No" "$WORK/install-1.log" || fail "asked for admin"
for f in rectdesk.exe rectdesk-cli.exe _internal/old-only.txt unins000.exe; do
  [ -f "$APP/$f" ] || fail "not installed: $f"
done
for lnk in "$HOME/Desktop/整改台账.lnk" \
    "$(winepath -u "$(wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')")/Microsoft/Windows/Start Menu/Programs/整改台账/整改台账.lnk"; do
  [ -f "$lnk" ] || fail "no shortcut $lnk"
  echo "   shortcut: ${lnk#"$WORK/"}"
done
wine reg query 'HKCU\Software\Classes\.rdpkt' 2>/dev/null | grep -q RectificationDesk.Packet \
  || fail ".rdpkt not associated"
echo "   installed in $APP; .rdpkt → RectificationDesk.Packet"

step "Double-clicking a packet starts the program with it"
# Wine's HKEY_CLASSES_ROOT does not merge the per-user classes as Windows does, so
# Explorer's part is played here: the registered open command, %1 replaced.
mkdir -p "$LOCAL_UNIX/Packets from city"  # a space in the path: the quoting must hold
echo packet > "$LOCAL_UNIX/Packets from city/130602_2026-11_seq0001.rdpkt"
rm -f "$LOCAL_UNIX/stub-started.txt"
command=$(wine reg query 'HKCU\Software\Classes\RectificationDesk.Packet\shell\open\command' \
  /ve 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_SZ *//p')
echo "   open command: $command"
[[ "$command" == *'"%1"'* ]] || fail "the open command does not quote the file"
mapfile -t argv < <(python3 -c 'import shlex, sys; print(*shlex.split(sys.argv[1]), sep="\n")' \
  "${command//%1/$LOCAL\\Packets from city\\130602_2026-11_seq0001.rdpkt}")
run_wine "${argv[@]}" || true
for _ in $(seq 1 20); do [ -s "$LOCAL_UNIX/stub-started.txt" ] && break; sleep 0.5; done
grep -qF "[$LOCAL\\Packets from city\\130602_2026-11_seq0001.rdpkt]" \
  "$LOCAL_UNIX/stub-started.txt" 2>/dev/null \
  || fail "the packet did not open the program"
echo "   $(cat "$LOCAL_UNIX/stub-started.txt")"

step "The clerk's data folder, then an upgrade to 0.2.0 over it"
mkdir -p "$DATA/backups"
echo "ledger" > "$DATA/ledger.sqlite3"
echo "backup" > "$DATA/backups/ledger-2026-11-30.sqlite3"
payload 0.2.0 new-only.txt
compile 0.2.0
run_wine "$WORK/tree/dist/rectdesk-setup-0.2.0.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART \
  "/LOG=$(winepath -w "$WORK/install-2.log")" || { cat "$WORK/install-2.log"; fail "upgrade"; }
[ -f "$APP/_internal/new-only.txt" ] || fail "upgrade did not install the new files"
[ ! -e "$APP/_internal/old-only.txt" ] || fail "upgrade left the older build's files"
[ -f "$DATA/ledger.sqlite3" ] || fail "upgrade touched the data folder"
wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{7B0F4D0C-6C1B-4E0B-9D1E-3F6A1C2B5D71}_is1' \
  /v DisplayVersion 2>/dev/null | grep -q 0.2.0 || fail "upgrade not registered as 0.2.0"
echo "   the older build's files replaced; data folder as it was"

step "Uninstall: the program goes, the association goes, the data stays"
run_wine "$APP/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART || true
for _ in $(seq 1 30); do [ ! -e "$APP/rectdesk.exe" ] && break; sleep 0.5; done
[ ! -e "$APP/rectdesk.exe" ] || fail "program still installed"
if wine reg query 'HKCU\Software\Classes\.rdpkt' /ve 2>/dev/null | grep -q RectificationDesk; then
  fail "association left behind"
fi
[ -f "$DATA/ledger.sqlite3" ] && [ -f "$DATA/backups/ledger-2026-11-30.sqlite3" ] \
  || fail "uninstall removed the data folder"
echo "   removed; $DATA kept (ledger and backups)"
echo "installer check passed in $((SECONDS - started)) s"
rm -rf "$WORK"
