"""Starting the program stays fast: building the command line (what `--version`,
`--help` and every subcommand pay before their handler runs) imports no database,
document, crypto or Qt library.  Each check runs in a fresh interpreter, since the
test session itself has long since imported all of them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "sqlalchemy",
    "db.models",
    "db.engine",
    "openpyxl",
    "reportlab",
    "cryptography",
    "pyhanko",
    "PySide6",
)

# Builds the parser, parses a plain option, and reports what got imported.
PROBE = """
import json, sys
from desktop.cli import build_parser
build_parser().parse_args(["--home", "x"])
print(json.dumps(sorted(sys.modules)))
"""


def _loaded_after_parsing() -> set[str]:
    r = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert r.returncode == 0, r.stderr
    return set(json.loads(r.stdout))


def test_building_the_parser_imports_nothing_heavy() -> None:
    loaded = _loaded_after_parsing()
    heavy = [h for h in HEAVY if h in loaded or any(m.startswith(f"{h}.") for m in loaded)]
    services = sorted(
        m
        for m in loaded
        if m.startswith("desktop.services.") and m != "desktop.services.storage_errors"
    )
    documents = sorted(m for m in loaded if m.startswith(("desktop.packets", "desktop.exports")))
    assert heavy == [], "imported at start: " + ", ".join(heavy)
    assert services == [], "services imported at start: " + ", ".join(services)
    assert documents == [], "packets/exports imported at start: " + ", ".join(documents)


def test_version_from_module() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"rectdesk {__version__}"
