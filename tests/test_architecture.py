"""Architecture rules checked by tools: Qt only under desktop/ui (import-linter
contracts in pyproject.toml), ruff's lint rules over the whole tree, and mypy's types."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def test_import_contracts_kept() -> None:
    r = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "broken" in r.stdout and " 0 broken" in r.stdout


def test_ruff_clean() -> None:
    r = subprocess.run(
        [_tool("ruff"), "check", "desktop", "db", "tests"], cwd=ROOT, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout[-4000:]


@pytest.mark.slow  # cold (CI: no .mypy_cache) ≈ 9 s of CPU, 16–27 s on a busy 2-core PC; ≈ 1 s warm
def test_types_check() -> None:
    """mypy over desktop and db, as configured in pyproject.toml ([tool.mypy]); an
    ignore it no longer needs fails too (warn_unused_ignores)."""
    r = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


def test_one_door_opens_every_write() -> None:
    """Only the ledger's door (desktop/services/door.py) opens a write transaction:
    every change from the window, the command line, a workbook, a packet or the demo
    passes through it (DESIGN §3, "One door")."""
    allowed = {Path("desktop/services/door.py"), Path("db/engine.py")}
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("desktop", "db")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.relative_to(ROOT) not in allowed
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if ".write(actor" in line or "store.write(" in line or "._write(" in line
    ]
    assert offenders == []
