"""Indicator values entered in the window go through the door and are judged."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import IndicatorValue
from desktop.ui.desk import Desk
from desktop.ui.indicator_view import IndicatorView
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def test_enter_a_months_value(desk: Desk, qtbot: QtBot, dialogs) -> None:
    view = IndicatorView(desk)
    qtbot.addWidget(view)
    view.period.setText("2026-10")
    view.reload()
    t = view.table
    assert t.rowCount() > 0
    code = t.item(0, 0).text()
    t.item(0, 3).setText("12.5")
    stored = desk.fetch(lambda s: s.scalars(select(IndicatorValue.value).where(
        IndicatorValue.indicator_code == code, IndicatorValue.unit_code == desk.code,
        IndicatorValue.period == "2026-10")).first())
    assert stored == 12.5
    view.reload()
    assert view.table.item(0, 3).text() == "12.5"
    view.table.item(0, 3).setText("不是数字")
    assert "数字" in dialogs.shown[-1][1]
    shot(view, "indicators", view.size().expandedTo(view.minimumSizeHint()) * 1.3)
