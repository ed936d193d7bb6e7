"""The window's review queue (报送 → 销号与延期审核…) names each request's round in a
督察轮次 column when the desk holds more than one round, and keeps today's columns
on a one-round desk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from desktop.services import demo
from desktop.services.desk import open_desk
from desktop.ui.packets.city_views import ROUND_COLUMN, ReviewQueue
from tests.conftest import TODAY
from tests.plan import two_rounds_queue
from tests.plan.two_rounds import CENTRAL, PROVINCIAL
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt

_full = demo.load_catalogue


def _headers(queue: ReviewQueue) -> list[str]:
    return [queue.list.horizontalHeaderItem(c).text() for c in range(queue.list.columnCount())
            if not queue.list.isColumnHidden(c)]


def test_two_rounds_show_the_round_column(qtbot: QtBot, tmp_path_factory: pytest.TempPathFactory,
                                          tmp_path: Path) -> None:
    city, _county, ids = two_rounds_queue.copy(tmp_path_factory.mktemp("queue"), tmp_path)
    with open_desk(city) as ctx:
        queue = ReviewQueue(ctx)
        qtbot.addWidget(queue)
        assert "督察轮次" in _headers(queue)
        assert queue.list.horizontalHeaderItem(ROUND_COLUMN).text() == "督察轮次"
        shown = {queue.list.item(r, ROUND_COLUMN).text(): queue.items[r]
                 for r in range(queue.list.rowCount())}
        assert set(shown) == {CENTRAL, PROVINCIAL}
        # Each row names the round its own task belongs to (both are task 1).
        with ctx.store.read() as s:
            from db.models import Task

            for name, item in shown.items():
                task = s.get(Task, item.task_uuid)
                assert task is not None and item.number == 1
                assert task.round_uuid == ids["central" if name == CENTRAL else "provincial"]
        shot(queue, "review-two-rounds", QSize(1200, 500))


def _small() -> dict[str, Any]:
    cat = _full()
    cat["counties"] = cat["counties"][:4]
    return cat


def test_one_round_hides_the_round_column(qtbot: QtBot, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "load_catalogue", _small)
    with demo.build_demo(tmp_path / "city", "city", None, TODAY) as ctx:
        queue = ReviewQueue(ctx)
        qtbot.addWidget(queue)
        assert queue.items
        assert _headers(queue) == ["类型", "单位", "编号", "任务", "申请日期", "申请人", "说明"]


def test_round_column_in_english(qtbot: QtBot, tmp_path_factory: pytest.TempPathFactory,
                                 tmp_path: Path, english: None) -> None:
    city, _county, _ids = two_rounds_queue.copy(tmp_path_factory.mktemp("queue-en"), tmp_path)
    with open_desk(city) as ctx:
        queue = ReviewQueue(ctx)
        qtbot.addWidget(queue)
        assert queue.list.horizontalHeaderItem(ROUND_COLUMN).text() == "Inspection round"
        assert not queue.list.isColumnHidden(ROUND_COLUMN)
        shot(queue, "review-two-rounds", QSize(1200, 500))
