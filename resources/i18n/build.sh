#!/bin/sh
# Refresh the English catalogue from the sources (Chinese is the source language),
# then compile it.  Scans every .py under desktop/ui, subpackages included.
# Works from any directory:  sh resources/i18n/build.sh
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/.venv/bin}
cd "$ROOT"
# Every source file, in a stable order (module paths contain no spaces).
set -- $(find desktop/ui -name '*.py' | LC_ALL=C sort)
[ $# -gt 0 ] || { echo "no sources under desktop/ui" >&2; exit 1; }
"$BIN/pyside6-lupdate" "$@" -source-language zh_CN -target-language en \
    -no-obsolete -locations none -ts resources/i18n/rectdesk_en.ts
"$BIN/pyside6-lrelease" resources/i18n/rectdesk_en.ts -qm resources/i18n/rectdesk_en.qm
