#!/bin/sh
# Refresh the English catalogue from the sources (Chinese is the source language),
# then compile it.  Run from the project root:  sh resources/i18n/build.sh
set -e
BIN=${BIN:-.venv/bin}
"$BIN/pyside6-lupdate" desktop/ui/*.py -source-language zh_CN -target-language en \
    -no-obsolete -locations none -ts resources/i18n/rectdesk_en.ts
"$BIN/pyside6-lrelease" resources/i18n/rectdesk_en.ts -qm resources/i18n/rectdesk_en.qm
