"""Shared fixtures: every test gets its own data folder; demo ledgers are built once
per session from the real code and copied for each test that wants one."""

from __future__ import annotations

import os

# GUI tests run headless unless a developer asks for a real screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop import clock, i18n
from desktop.services import demo
from desktop.services.desk import DeskContext, open_desk

TODAY = date(2026, 11, 29)
DEMO_COUNTY = "130602"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test sees the developer's own data folder, date or language."""
    monkeypatch.setenv("RECTDESK_HOME", str(tmp_path / "default-home"))
    monkeypatch.setenv("RECTDESK_TODAY", TODAY.isoformat())
    monkeypatch.setenv("RECTDESK_LANG", "zh")
    clock.set_today(None)
    i18n.set_language(None)
    yield
    clock.set_today(None)
    i18n.set_language(None)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "desk"


def _template(factory: pytest.TempPathFactory, name: str, role: str, code: str | None) -> Path:
    root = factory.getbasetemp() / f"template-{name}"
    if not (root / "ledger.sqlite3").exists():
        demo.build_demo(root, role, code, TODAY).close()
    return root


@pytest.fixture(scope="session")
def county_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "county", "county", DEMO_COUNTY)


@pytest.fixture
def county_home(county_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "county"
    shutil.copytree(county_template, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture
def county_demo(county_home: Path) -> Iterator[DeskContext]:
    ctx = open_desk(county_home, lock=True)
    yield ctx
    ctx.close()


def require_tool(name: str) -> str:
    """An external checker; CI sets RECTDESK_REQUIRE_TOOLS=1 so a missing one fails."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("RECTDESK_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{name} is required in CI but not installed")
        pytest.skip(f"{name} is not installed")
    return path
