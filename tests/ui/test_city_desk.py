"""The same window on the city desk: every county's copy of a task, told apart."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.dashboard_view import DashboardView
from desktop.ui.desk import Desk
from desktop.ui.ledger_model import COLUMNS
from desktop.ui.ledger_view import LedgerView
from desktop.ui.report_view import ReportView
from tests.ui.conftest import shot, small_city

pytestmark = pytest.mark.qt


@pytest.fixture
def city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[Desk]:
    yield from small_city(tmp_path, monkeypatch, tasks=6)


def test_city_ledger_shows_the_county_of_each_row(city: Desk, qtbot: QtBot) -> None:
    view = LedgerView(city)
    qtbot.addWidget(view)
    view.reload()
    unit = COLUMNS.index("unit_name")
    assert not view.table.isColumnHidden(unit)
    assert view.table.horizontalHeader().visualIndex(unit) == 1
    shown = {view.proxy.index(r, unit).data() for r in range(view.proxy.rowCount())}
    assert shown == {"竞秀区", "莲池区", "满城区"}
    assert view.proxy.rowCount() == 18
    shot(view, "city-ledger", QSize(1200, 500))


def test_county_ledger_hides_the_unit_column(desk: Desk, qtbot: QtBot) -> None:
    view = LedgerView(desk)
    qtbot.addWidget(view)
    assert view.table.isColumnHidden(COLUMNS.index("unit_name"))


def test_city_report_and_dashboard_follow_every_county(city: Desk, qtbot: QtBot) -> None:
    report = ReportView(city)
    qtbot.addWidget(report)
    report.set_period("2026-10")
    report.reload()
    titles = {report.model.index(r, 1).data() for r in range(report.model.rowCount())}
    assert any(t.startswith("莲池区 · ") for t in titles)
    dash = DashboardView(city)
    qtbot.addWidget(dash)
    dash.reload()
    assert dash.unit_chart.title == "各县（市、区）平均完成比例"
