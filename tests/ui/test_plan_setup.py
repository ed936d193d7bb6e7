"""The city sets up its plan's frame in the window: rounds, units, indicators, each
saved through the door, refusals shown in the form and nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QListWidget
from pytestqt.qtbot import QtBot

from desktop.services import desk as desk_service
from desktop.services import indicators, rounds
from desktop.ui.desk import Desk
from desktop.ui.mainwindow import MainWindow
from desktop.ui.plan_setup import PlanSetupDialog, SmallForm
from tests import helpers
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


@pytest.fixture
def empty_city(tmp_path: Path, qapp: QApplication) -> Iterator[Desk]:
    ctx = desk_service.init_desk(tmp_path / "city", role="city", code="130600",
                                 name="保定市整改办")
    yield Desk(ctx)
    ctx.close()


def fields(form: SmallForm) -> dict[str, QLineEdit | QComboBox | QListWidget]:
    layout = form.form
    out = {}
    for row in range(layout.rowCount()):
        label = layout.itemAt(row, layout.ItemRole.LabelRole)
        field = layout.itemAt(row, layout.ItemRole.FieldRole)
        if label is not None and field is not None:
            out[label.widget().text().rstrip(" *")] = field.widget()
    return out


def test_an_empty_city_sets_up_rounds_units_and_indicators(empty_city: Desk,
                                                           qtbot: QtBot) -> None:
    window = MainWindow(empty_city)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.file_menu.actions()]
    assert "督察轮次、所辖单位与指标…" in titles
    dialog = window.open_plan_setup()
    assert isinstance(dialog, PlanSetupDialog)

    # A round: an impossible date is refused in the form, and nothing is stored.
    before = helpers.dump(empty_city.ctx.paths.database)
    form = dialog.rounds.add()
    f = fields(form)
    f["名称"].setText("第二轮省级生态环境保护督察")  # type: ignore[union-attr]
    f["反馈日期"].setText("2020-02-30")  # type: ignore[union-attr]
    assert not form.try_accept()
    assert "日期" in form.error.text() and "无效" in form.error.text()
    shot(form, "plan-setup-round-refused")
    assert helpers.dump(empty_city.ctx.paths.database) == before
    f["反馈日期"].setText("2020年3月5日")  # type: ignore[union-attr]
    f["进驻开始"].setText("2019-11-01")  # type: ignore[union-attr]
    assert not form.try_accept()  # one end of the on-site period only
    f["进驻结束"].setText("2019-12-01")  # type: ignore[union-attr]
    assert form.try_accept()
    assert dialog.rounds.table.rowCount() == 1
    assert dialog.rounds.table.item(0, 1).text() == "省级督察"

    # Units, one renamed: the code stays, so do its records.
    for code, name, kind in (("130602", "保定市竞秀区", "county"),
                             ("130671", "保定市生态环境局", "department")):
        form = dialog.units.add()
        f = fields(form)
        f["代码"].setText(code)  # type: ignore[union-attr]
        f["名称"].setText(name)  # type: ignore[union-attr]
        box = f["类型"]
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(box.findData(kind))
        assert form.try_accept(), form.error.text()
    form = dialog.units.add()
    f = fields(form)
    f["代码"].setText("130602")  # type: ignore[union-attr]
    f["名称"].setText("重复")  # type: ignore[union-attr]
    assert not form.try_accept() and form.error.text()
    dialog.units.table.selectRow(0)
    form = dialog.units.edit_selected()
    assert form is not None
    fields(form)["名称"].setText("保定市竞秀区（新）")  # type: ignore[union-attr]
    assert form.try_accept()
    with empty_city.read() as s:
        units = {u.code: (u.name, u.kind, u.reports) for u in rounds.list_units(s)}
    assert units == {"130602": ("保定市竞秀区（新）", "county", True),
                     "130671": ("保定市生态环境局", "department", False)}

    # An indicator summed over the reporting units; a text target is refused.
    form = dialog.indicators.open_form(None)
    f = fields(form)
    f["代码"].setText("GOOD_DAYS")  # type: ignore[union-attr]
    f["名称"].setText("优良天数")  # type: ignore[union-attr]
    f["年度目标"].setText("二百")  # type: ignore[union-attr]
    agg = f["市级数值"]
    assert isinstance(agg, QComboBox)
    agg.setCurrentIndex(agg.findData("sum"))
    units_list = f["报送单位"]
    assert isinstance(units_list, QListWidget)
    units_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert not form.try_accept() and "年度目标" in form.error.text()
    shot(form, "plan-setup-indicator-form")
    f["年度目标"].setText("260")  # type: ignore[union-attr]
    assert form.try_accept(), form.error.text()
    with empty_city.read() as s:
        [ind] = indicators.listing(s, None, "130600")
    assert (ind["code"], ind["aggregation"], ind["target"], ind["reporting_units"]) == (
        "GOOD_DAYS", "sum", 260.0, ["130602"])
    dialog.tabs.setCurrentIndex(2)
    shot(dialog, "plan-setup-indicators", QSize(900, 520))
    dialog.tabs.setCurrentIndex(1)
    shot(dialog, "plan-setup-units", QSize(900, 520))
    dialog.close()


def test_a_county_desk_has_no_plan_setup(desk: Desk, qtbot: QtBot) -> None:
    window = MainWindow(desk)
    qtbot.addWidget(window)
    assert "督察轮次、所辖单位与指标…" not in [a.text() for a in window.file_menu.actions()]
    dialog = PlanSetupDialog(desk)
    qtbot.addWidget(dialog)
    form = dialog.rounds.add()
    fields(form)["名称"].setText("自设轮次")  # type: ignore[union-attr]
    fields(form)["反馈日期"].setText("2020-03-05")  # type: ignore[union-attr]
    assert not form.try_accept() and "市级" in form.error.text()
