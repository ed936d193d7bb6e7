"""Starting the program stays fast: building the command line (what `--version`,
`--help` and every subcommand pay before their handler runs) imports no database,
document, crypto or Qt library.  Each check runs in a fresh interpreter, since the
test session itself has long since imported all of them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# `rectdesk status` on a fixed day; what it imported goes to stderr.
STATUS_PROBE = """
import json, sys
from desktop.cli import main
code = main(["--home", sys.argv[1], "--today", "2026-11-29", *sys.argv[2:], "--json"])
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def _read_without_the_data_layer(home: Path, *command: str) -> Any:
    r = subprocess.run([sys.executable, "-c", STATUS_PROBE, str(home), *command], cwd=ROOT,
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    loaded = set(json.loads(r.stderr.strip().splitlines()[-1]))
    assert not any(m == "sqlalchemy" or m.startswith("sqlalchemy.") for m in loaded)
    return json.loads(r.stdout)


def test_tasks_list_reads_a_current_ledger_without_the_data_layer(county_home: Path) -> None:
    rows = _read_without_the_data_layer(county_home, "tasks", "list", "--light", "red")
    assert len(rows) == 10 and {r["light"] for r in rows} == {"red"}


def test_status_reads_a_current_ledger_without_the_data_layer(county_home: Path) -> None:
    shown = _read_without_the_data_layer(county_home, "status")
    # The same figures as through a session.
    from datetime import date

    from desktop.services import ledger
    from desktop.services.desk import open_desk

    with open_desk(county_home) as ctx, ctx.store.read() as s:
        expected = ledger.summary(s, date(2026, 11, 29), ctx.settings)
        expected["desk"] = {"code": ctx.code, "name": ctx.name, "role": ctx.role,
                            "demo": ctx.demo}
    assert shown == json.loads(json.dumps(expected, default=str))
    assert expected["tasks_total"] == 55 and expected["overdue"]
