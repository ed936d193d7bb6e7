"""The 报送 menu and its dialogs, headless, with screenshots to look at."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from desktop.packets import importer
from desktop.packets.merge import TableDiff
from desktop.services import closeout
from desktop.services.desk import DeskContext
from desktop.ui.packets import install_packet_actions
from desktop.ui.packets.city_views import CompletenessView, HistoryView, ReviewQueue
from desktop.ui.packets.export_dialog import ExportDialog
from desktop.ui.packets.import_dialog import ImportDialog
from desktop.ui.packets.trust_dialog import TrustDialog
from tests.packets.conftest import (  # noqa: F401 - fixtures used by name
    CITY,
    COUNTY_A,
    PASSPHRASE,
    Desks,
    Packets,
    _fast_keys,
    desk_templates,
    desks,
    enrol_file,
    packets,
)
from tests.packets.forge import read_entries, write_entries
from tests.packets.procedure_steps import accept_and_publish
from tests.ui.conftest import Dialogs, shot

pytestmark = pytest.mark.qt


@pytest.fixture
def city_ctx(desks: Desks, packets: Packets) -> Iterator[DeskContext]:  # noqa: F811
    ctx = desks.open(CITY)
    enrol_file(ctx, packets.enrol, COUNTY_A)
    yield ctx
    ctx.close()


@pytest.fixture
def county_ctx(desks: Desks) -> Iterator[DeskContext]:  # noqa: F811
    ctx = desks.open(COUNTY_A)
    yield ctx
    ctx.close()


def test_menu_for_city_and_county(qtbot: QtBot, city_ctx: DeskContext,
                                  county_ctx: DeskContext) -> None:
    for ctx, expected in ((city_ctx, 6), (county_ctx, 4)):
        window = QMainWindow()
        qtbot.addWidget(window)
        install_packet_actions(window, ctx)
        menus = [a for a in window.menuBar().actions() if a.text() == "报送(&P)"]
        assert len(menus) == 1
        assert len(menus[0].menu().actions()) == expected


def test_export_dialog(qtbot: QtBot, county_ctx: DeskContext, tmp_path: Path,
                       dialogs: Dialogs) -> None:
    dialog = ExportDialog(county_ctx)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "usb"))
    dialog.start()
    assert dialogs.shown and "口令" in dialogs.shown[-1][1]
    dialog.passphrase.setText(PASSPHRASE)
    dialog.no_change.setChecked(True)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result_path is not None, timeout=20_000)
    assert dialog.result_path is not None and dialog.result_path.exists()
    shot(dialog, "packet-export", QSize(560, 260))


def test_import_dialog_dry_run_then_apply(qtbot: QtBot, city_ctx: DeskContext,
                                          packets: Packets, tmp_path: Path) -> None:  # noqa: F811
    dialog = ImportDialog(city_ctx)
    qtbot.addWidget(dialog)
    # A gap in the sequence is only a warning now: refuse a packet with an extra file.
    bad = write_entries(tmp_path / "bad.rdpkt",
                        {**read_entries(packets.seq[3]), "notes.txt": b"x"})
    dialog.load([packets.seq[1], bad])
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    assert dialog.outcome is not None
    assert [p.status for p in dialog.outcome.packets] == ["accepted", "rejected"]
    assert not dialog.apply_button.isEnabled()
    shot(dialog, "packet-import-refused", QSize(900, 600))
    dialog.outcome = None
    dialog.load([packets.seq[1]])
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    assert dialog.apply_button.isEnabled()
    shot(dialog, "packet-import-preview", QSize(900, 600))
    dialog.outcome = None
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.outcome is not None and dialog.outcome.applied,
                    timeout=20_000)
    history = HistoryView(city_ctx)
    qtbot.addWidget(history)
    assert history.list.rowCount() == 1
    shot(history, "packet-history", QSize(900, 300))
    matrix = CompletenessView(city_ctx)
    qtbot.addWidget(matrix)
    assert matrix.grid.rowCount() == 3 and matrix.grid.columnCount() == 7
    shot(matrix, "packet-completeness", QSize(900, 260))


def test_import_dialog_shows_deletions(qtbot: QtBot, city_ctx: DeskContext,
                                      packets: Packets) -> None:  # noqa: F811
    dialog = ImportDialog(city_ctx)
    qtbot.addWidget(dialog)
    dialog.load([packets.seq[1]])
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    assert dialog.outcome is not None
    # A packet whose only news is a deletion still gets its line.
    dialog.outcome.packets[0].merge.diff = {"measure": TableDiff(deleted=1)}
    dialog.show_outcome(dialog.outcome)
    top = dialog.tree.topLevelItem(0)
    lines = [(top.child(i).text(0), top.child(i).text(2)) for i in range(top.childCount())]
    assert ("数据：措施清单", "新增 0，修改 0，未变 0，删除 1，拒绝 0") in lines
    shot(dialog, "packet-import-deletion", QSize(900, 600))


def test_import_dialog_names_records_restored_on_joining(
        qtbot: QtBot, desks: Desks, tmp_path: Path) -> None:  # noqa: F811
    """A new county desk opening the city's first packet sees how many of its own
    records come back from the city's copy (F15)."""
    from desktop.packets import build
    from desktop.services import keys
    from desktop.services.desk import init_desk

    with desks.open(CITY) as city:
        packet = build.export_city_packet(city, keys.load(city, PASSPHRASE), COUNTY_A,
                                          tmp_path / "usb").path
        fingerprint = keys.public_info(city)["fingerprint"]
    ctx = init_desk(tmp_path / "new-county", "county", COUNTY_A, "竞秀区")
    try:
        dialog = ImportDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.fingerprint.setText(fingerprint)
        dialog.load([packet])
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
        top = dialog.tree.topLevelItem(0)
        lines = [(top.child(i).text(0), top.child(i).text(2)) for i in range(top.childCount())]
        restored = [text for label, text in lines if label == "恢复"]
        assert len(restored) == 1 and "已从市级留存的副本恢复本单位记录" in restored[0]
        shot(dialog, "packet-import-join-restored", QSize(1000, 700))
    finally:
        ctx.close()


def test_trust_dialog(qtbot: QtBot, city_ctx: DeskContext, packets: Packets,  # noqa: F811
                      dialogs: Dialogs) -> None:
    dialog = TrustDialog(city_ctx)
    qtbot.addWidget(dialog)
    assert dialog.keys.rowCount() == 1
    assert len(dialog.own_fingerprint.text().split()) == 8
    dialogs.files = [packets.enrol / "130606.enrol.json"]
    dialog._choose()
    dialog.typed.setText("WRONG")
    dialog.enrol()
    assert "指纹不符" in dialogs.shown[-1][1]
    dialog.typed.setText(dialog.shown_fingerprint.text())
    dialog.enrol()
    assert dialog.keys.rowCount() == 2
    shot(dialog, "packet-trust", QSize(780, 600))


def test_review_queue(qtbot: QtBot, city_ctx: DeskContext, dialogs: Dialogs) -> None:
    queue = ReviewQueue(city_ctx)
    qtbot.addWidget(queue)
    pending = len(queue.items)
    assert pending >= 1
    item = queue.items[0]
    # The detail shows the checklist as the approval will run it, and the evidence.
    checks = [queue.checklist.item(i).text() for i in range(queue.checklist.count())]
    assert any("市级尚未验收" in c for c in checks) and any("尚未公示" in c for c in checks)
    assert "自查：" in queue.opinions.text() and "市级验收：尚未验收" in queue.opinions.text()
    assert queue.evidence.count() >= 1
    assert not queue.evidence.item(0).icon().isNull()  # a picture gets its thumbnail
    assert "▶ 市级验收" in queue.steps.text()
    shot(queue, "packet-review", QSize(1200, 600))
    # The filter by unit keeps only that unit's requests.
    queue.unit.setCurrentIndex(queue.unit.findData(item.unit_code))
    assert {r.unit_code for r in queue.items} == {item.unit_code}
    assert not queue.decide(item, approved=True, text="")
    assert "市级尚未验收" in dialogs.shown[-1][1] and "尚未公示" in dialogs.shown[-1][1]
    assert "未能办理" in queue.feedback.text()
    with city_ctx.ledger.batch() as s:
        ready = accept_and_publish(s, city_ctx.code, item.task_uuid, date(2026, 11, 29))
    assert ready <= date(2026, 11, 29)
    queue.refresh()
    assert "销号条件均已满足" in queue.checklist.item(0).text()
    assert "市级验收：" in queue.opinions.text() and "同意通过验收" in queue.opinions.text()
    shot(queue, "packet-review-ready", QSize(1200, 600))
    assert queue.decide(item, approved=True, text="")
    assert "已批准销号" in queue.feedback.text() and "销号〔2026〕第" in queue.feedback.text()
    shot(queue, "packet-review-approved", QSize(1200, 600))
    assert len(queue.all_items) == pending - 1
    with city_ctx.store.read() as s:
        assert closeout.closeout_record(s, item.task_uuid) is not None
    assert importer.STATUS_LABELS["accepted"].zh == "已接收"
    assert date.today()


def test_review_queue_decides_extension_requests(
        qtbot: QtBot, desks: Desks, packets: Packets, tmp_path: Path,  # noqa: F811
        dialogs: Dialogs) -> None:
    """An extension request from a county's packet waits in the same queue as the
    close-out requests; approving it there moves the task's deadline, the original kept."""
    from sqlalchemy import select

    from db.models import Task
    from desktop.packets import build
    from desktop.services.ledger_rows import task_rows

    def deadline_at(ctx: DeskContext, number: int) -> date | None:
        with ctx.store.read() as s:
            return s.scalars(select(Task.deadline).where(Task.unit_code == COUNTY_A,
                                                         Task.number == number)).one()

    with desks.open(COUNTY_A) as county:
        with county.store.read() as s:
            number = s.scalars(select(Task.number).where(
                Task.status == "in_progress", Task.deadline.is_not(None))
                .order_by(Task.number)).first()
        assert number is not None
        before = deadline_at(county, number)
        until = date(2027, 10, 31)
        county.ledger.request_extension(number, until=until, reason="汛期不能施工")
        sent = build.export_county_packet(county, packets.identity_a, "2026-11",
                                          tmp_path / "out").path
    with desks.open(CITY) as city:
        enrol_file(city, packets.enrol, COUNTY_A)
        importer.import_packets(city, [sent], apply=True)
        queue = ReviewQueue(city)
        qtbot.addWidget(queue)
        kinds = [queue.list.item(r, 0).text() for r in range(queue.list.rowCount())]
        assert "延期" in kinds and "销号" in kinds
        row = kinds.index("延期")
        queue.list.setCurrentCell(row, 0)
        assert "申请延至 2027-10-31" in queue.steps.text()
        assert queue.checklist.item(0).text() == "汛期不能施工"
        assert not queue.evidence.isVisibleTo(queue)
        shot(queue, "review-extension", QSize(1200, 600))
        item = queue.items[row]
        assert queue.decide(item, approved=True, text="")
        assert "已批准延期（至 2027-10-31）" in queue.feedback.text()
        assert "延期" not in [queue.list.item(r, 0).text() for r in range(queue.list.rowCount())]
        conn = city.store.engine.raw_connection()
        try:
            row = next(r for r in task_rows(conn, date(2026, 12, 4), city.settings,
                                            unit_filter=COUNTY_A) if r.number == number)
        finally:
            conn.close()
        assert (row.deadline, row.original_deadline) == (until, before)
