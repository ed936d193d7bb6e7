#!/bin/sh
# Refresh the English catalogue from the sources (Chinese is the source language),
# then compile it.  Scans every .py under desktop/ui, subpackages included.
# Works from any directory:  sh resources/i18n/build.sh
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BIN=${BIN:-.venv/bin}
find desktop/ui -name '*.py' | LC_ALL=C sort > .lupdate-files.tmp
trap 'rm -f .lupdate-files.tmp' EXIT
"$BIN/pyside6-lupdate" @.lupdate-files.tmp -source-language zh_CN -target-language en \
    -no-obsolete -locations none -ts resources/i18n/rectdesk_en.ts
"$BIN/pyside6-lrelease" resources/i18n/rectdesk_en.ts -qm resources/i18n/rectdesk_en.qm
