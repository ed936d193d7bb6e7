"""The 督办 view: the city issues, escalates and ranks; the county sees and replies."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop.services import supervision
from desktop.ui import supervision_view
from desktop.ui.desk import Desk
from desktop.ui.supervision_view import SupervisionView
from tests.conftest import TODAY
from tests.ui.conftest import Dialogs, shot, small_city

pytestmark = pytest.mark.qt


@pytest.fixture
def city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[Desk]:
    yield from small_city(tmp_path, monkeypatch, tasks=8)


def _accept_with(monkeypatch: pytest.MonkeyPatch, cls: type, fill: Any) -> None:
    """Answer the next dialog of ``cls`` as a clerk would: fill it in, press OK."""
    def exec_(self: QDialog) -> int:
        if getattr(self, "_answered", False):
            return int(QDialog.DialogCode.Rejected)
        self._answered = True  # type: ignore[attr-defined]
        fill(self)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(cls, "exec", exec_)


def test_city_issues_escalates_and_ranks(city: Desk, qtbot: QtBot,
                                         monkeypatch: pytest.MonkeyPatch,
                                         dialogs: Dialogs) -> None:
    view = SupervisionView(city)
    qtbot.addWidget(view)
    view.show()
    counts: list[int] = []
    view.waiting.connect(counts.append)

    def fill(d: supervision_view.NoticeDialog) -> None:
        d.unit.setCurrentIndex(d.unit.findData("130602"))
        d.task.setText("3")
        d.level.setCurrentIndex(d.level.findData("supervise"))
        d.text.setPlainText("第3号任务逾期，请报告整改进展。")

    _accept_with(monkeypatch, supervision_view.NoticeDialog, fill)
    view.issue()
    qtbot.waitUntil(lambda: len(view.notices.rows) == 1)
    assert view.notices.rows[0].number == "督办〔2026〕1号"
    view.notice_view.selectRow(0)
    _accept_with(monkeypatch, supervision_view.TextDialog,
                 lambda d: d.editors[1].setPlainText("逾期未回复，升级督办。"))
    view.escalate()
    qtbot.waitUntil(lambda: len(view.notices.rows) == 2)
    assert [(r.level, r.status) for r in view.notices.rows] == [
        ("supervise", "escalated"), ("listed", "open")]

    view.tabs.setCurrentIndex(1)
    view.load_ranking()
    qtbot.waitUntil(lambda: len(view.ranking.rows) == 3, timeout=10_000)
    ranks = [u.rank for u in view.ranking.rows]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert view.trend.columns  # the first unit's score over the months kept
    shot(view, "supervision-ranking", QSize(1180, 640))
    view.tabs.setCurrentIndex(0)
    shot(view, "supervision-notices", QSize(1180, 640))
    assert not [m for m in dialogs.shown if m[0] == "error"]


def test_county_sees_and_replies(desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
                                 ) -> None:
    # A notice as the city's packet would leave it on the county desk.
    from db.models import SupervisionNotice

    with desk.ctx.ledger.batch() as s:
        s.add(SupervisionNotice(number="督办〔2026〕7号", year=2026, seq=7, unit_code=desk.code,
                                level="remind", text="请于月底前报告第5号任务进展。",
                                issued_on=TODAY, reply_by=TODAY, status="open",
                                owner="130600"))
    view = SupervisionView(desk)
    qtbot.addWidget(view)
    view.show()
    counts: list[int] = []
    view.waiting.connect(counts.append)
    view.reload()
    assert counts[-1] == 1
    assert "issue" not in view.buttons and "reply" in view.buttons
    view.notice_view.selectRow(0)
    _accept_with(monkeypatch, supervision_view.TextDialog,
                 lambda d: (d.editors[0].setPlainText("已完成围挡整改"),
                            d.editors[1].setPlainText("专人巡查")))
    view.reply()
    qtbot.waitUntil(lambda: bool(view.notices.rows and view.notices.rows[0].replies))
    assert counts[-1] == 0
    with desk.ctx.store.read() as s:
        (row,) = supervision.notices(s, TODAY, desk.code)
    assert row.replies[0]["measures"] == "专人巡查"
    shot(view, "supervision-county", QSize(1000, 520))


def test_the_county_banner_names_notices_waiting(desk: Desk, qtbot: QtBot) -> None:
    from db.models import SupervisionNotice
    from desktop.services import reporting
    from desktop.ui.reminders import ReminderBanner

    with desk.ctx.ledger.batch() as s:
        s.add(SupervisionNotice(number="督办〔2026〕8号", year=2026, seq=8, unit_code=desk.code,
                                level="supervise", text="请报告。", issued_on=TODAY,
                                reply_by=TODAY, status="open", owner="130600"))
    r = desk.fetch(lambda s: reporting.reminders(s, date(2026, 12, 2), desk.ctx.settings,
                                                 desk.code))
    assert (r.notices_open, r.notices_overdue) == (1, 1)
    banner = ReminderBanner()
    qtbot.addWidget(banner)
    banner.set_reminders(r)
    assert "1 份督办单待回复（1 份已逾期）" in banner.text.text()
