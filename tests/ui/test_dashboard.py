from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.dashboard_view import DashboardView
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def test_dashboard_figures(desk, qtbot: QtBot) -> None:
    v = DashboardView(desk)
    qtbot.addWidget(v)
    v.reload()
    assert v.total.text() == "任务总数：55"
    assert [b.value for b in v.light_chart.bars] == [10, 16, 21, 8]
    assert sum(b.value for b in v.status_chart.bars) == 55
    assert v.unit_chart.bars and all(0 <= b.value <= 100 for b in v.unit_chart.bars)
    assert len(v.deadline_chart.columns) == 13
    assert len(v.indicator_chart.bars) == 5
    shot(v, "dashboard", size=v.size().expandedTo(v.sizeHint()).grownBy(v.contentsMargins()))


def test_dashboard_in_english(desk, qtbot: QtBot, english) -> None:
    v = DashboardView(desk)
    qtbot.addWidget(v)
    v.resize(1100, 760)
    v.reload()
    assert v.status_chart.title == "By status"
    shot(v, "dashboard")
