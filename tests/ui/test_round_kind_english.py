"""A round's kind (中央/省级/专项/自查) follows the window's language: the plan set-up's
rounds page, the add-round form, and the ledger's round column and selector."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.services.desk import open_desk
from desktop.ui.desk import Desk
from desktop.ui.ledger_model import COLUMNS
from desktop.ui.ledger_view import LedgerView
from desktop.ui.plan_setup import PlanSetupDialog
from tests.plan import two_rounds
from tests.plan.two_rounds import CENTRAL, PROVINCIAL
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt

CHINESE_KINDS = ("中央督察", "省级督察", "专项督察", "自查发现")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("two-rounds-en")


def test_plan_setup_rounds_in_english(english: None, qtbot: QtBot, template: Path,
                                      tmp_path: Path) -> None:
    city, _county, _ids = two_rounds.copy(template, tmp_path)
    with open_desk(city) as ctx:
        desk = Desk(ctx)
        dialog = PlanSetupDialog(desk)
        qtbot.addWidget(dialog)
        page = dialog.rounds
        kinds = {page.table.item(r, 0).text(): page.table.item(r, 1).text()
                 for r in range(page.table.rowCount())}
        assert kinds == {CENTRAL: "Central inspection", PROVINCIAL: "Provincial inspection"}
        dialog.tabs.setCurrentWidget(page)
        shot(dialog, "plan-setup-rounds", QSize(900, 420))
        form = page.add()
        from tests.ui.test_plan_setup import fields

        box = next(w for w in fields(form).values() if isinstance(w, QComboBox))
        choices = [box.itemText(i) for i in range(box.count())]  # type: ignore[union-attr]
        assert choices == ["Central inspection", "Provincial inspection",
                           "Special inspection", "Found by self-inspection"]
        shot(form, "plan-setup-add-round")
        form.reject()
        desk.undo.clear()
        desk.deleteLater()


def test_ledger_round_column_and_selector_in_english(english: None, qtbot: QtBot,
                                                     template: Path, tmp_path: Path) -> None:
    _city, county, _ids = two_rounds.copy(template, tmp_path)
    with open_desk(county) as ctx:
        desk = Desk(ctx)
        view = LedgerView(desk)
        qtbot.addWidget(view)
        view.reload()
        boxed = [view.round_box.itemText(i) for i in range(1, view.round_box.count())]
        assert boxed == [f"{CENTRAL} (Central inspection)",
                         f"{PROVINCIAL} (Provincial inspection)"]
        col = COLUMNS.index("round")
        shown = {view.proxy.index(r, col).data() for r in range(view.proxy.rowCount())}
        assert shown == set(boxed)
        for text in (*boxed, *shown):
            assert not any(k in text for k in CHINESE_KINDS)
        shot(view, "ledger-rounds-kind", QSize(1100, 300))
        desk.undo.clear()
        desk.deleteLater()
