"""The city's frame of its plan in the window: inspection rounds (督察轮次), the units it
oversees (所辖单位) and the indicators (环境指标), each listed with a form to add or
change one.  Every save goes through the ledger's door, which checks it as it checks
the same act from the command line (`rectdesk round|unit|indicator ...`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.domain.indicators import AGGREGATIONS
from desktop.domain.plan import ROUND_KIND_LABELS, ROUND_KINDS, UNIT_KINDS
from desktop.domain.validation import check_date, parse_date
from desktop.i18n import Msg, UserError
from desktop.services import indicators, rounds
from desktop.ui.desk import Desk
from desktop.ui.style import ERROR_STYLE

PLAN_TABLES = frozenset({"inspection_round", "org_unit", "indicator"})


def _date(text: str) -> date | None:
    """An optional date as typed: empty is None; anything unreadable is refused in the
    words the rest of the program uses."""
    text = text.strip()
    if not text:
        return None
    problem = check_date(text)
    if problem:
        raise UserError(problem)
    return parse_date(text)


def _number(text: str, what: str) -> float | None:
    text = text.strip().rstrip("%％")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise UserError(Msg(f"“{what}”应为数字。", f"“{what}” must be a number.")) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise UserError(Msg(f"“{what}”应为数字。", f"“{what}” must be a number."))
    return value


class SmallForm(QDialog):
    """Fields in a column, the reason for a refusal under them; OK calls ``save`` (set
    once the fields exist), and the form stays open with the reason when the door
    refuses."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.save: Callable[[], None] = lambda: None
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)

    def line(self, label: str, value: str = "", placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setPlaceholderText(placeholder)
        self.form.addRow(label, edit)
        return edit

    def choice(self, label: str, options: list[tuple[str, str]], value: str = "") -> QComboBox:
        box = QComboBox(self)
        for code, text in options:
            box.addItem(text, code)
        box.setCurrentIndex(max(box.findData(value), 0))
        self.form.addRow(label, box)
        return box

    def try_accept(self) -> bool:
        try:
            self.save()
        except UserError as e:
            self.error.setText(str(e))
            return False
        except Exception as e:  # unexpected: keep the form, say so, log the trace
            logs.caught(e)
            self.error.setText(str(e) or type(e).__name__)
            return False
        self.accept()
        return True


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list[Any]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.resizeColumnsToContents()


class _Page(QWidget):
    """A list with its buttons; subclasses say what it lists and what the buttons do."""

    def __init__(self, desk: Desk, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.table = _table(headers)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.buttons = QHBoxLayout()
        self.feedback = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)
        layout.addWidget(self.feedback)

    def button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        b = QPushButton(text, self)
        b.clicked.connect(lambda _c=False: slot())
        self.buttons.addWidget(b)
        return b

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def edit_selected(self) -> QDialog | None:
        return None

    def saved(self, text: str) -> None:
        self.feedback.setText(text)
        self.reload()
        self.desk.announce("", PLAN_TABLES)

    def reload(self) -> None:
        raise NotImplementedError


class RoundsPage(_Page):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, [self.tr("名称"), self.tr("类型"), self.tr("反馈日期"),
                                self.tr("进驻时间"), self.tr("督察组"), self.tr("方案印发")],
                         parent)
        self.button(self.tr("新增轮次…"), self.add)
        self.buttons.addStretch(1)
        self.reload()

    def reload(self) -> None:
        self.rows = self.desk.fetch(rounds.list_rounds)
        kinds = {k: str(v) for k, v in ROUND_KIND_LABELS.items()}
        _fill(self.table, [[r.name, kinds.get(r.kind, r.kind), r.feedback_date,
                            f"{r.onsite_start} — {r.onsite_end}" if r.onsite_start else "",
                            r.team, r.plan_issued] for r in self.rows])

    def add(self) -> SmallForm:
        form = SmallForm(self.tr("新增督察轮次"), self)
        name = form.line(self.tr("名称 *"), placeholder=self.tr("第二轮省级生态环境保护督察"))
        kind = form.choice(self.tr("类型"), [(k, str(ROUND_KIND_LABELS[k])) for k in ROUND_KINDS],
                           "provincial")
        team = form.line(self.tr("督察组"))
        start = form.line(self.tr("进驻开始"), placeholder="2019-11-01")
        end = form.line(self.tr("进驻结束"), placeholder="2019-12-01")
        feedback = form.line(self.tr("反馈日期 *"), placeholder="2020-03-05")
        issued = form.line(self.tr("整改方案印发日期"), placeholder="2020-04-22")

        def save() -> None:
            s, e = _date(start.text()), _date(end.text())
            if (s is None) != (e is None):
                raise UserError(Msg("进驻时间请同时填写开始和结束日期。",
                                    "Give both the first and the last day on site."))
            r = self.desk.ctx.ledger.add_round(
                name=name.text(), kind=kind.currentData(), feedback_date=_date(feedback.text()),
                onsite=(s, e) if s and e else None, team=team.text(),
                plan_issued=_date(issued.text())).value
            self.saved(self.tr("已登记督察轮次：%1").replace("%1", r.name))

        form.save = save
        form.open()
        return form


class UnitsPage(_Page):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, [self.tr("代码"), self.tr("名称"), self.tr("简称"),
                                self.tr("类型"), self.tr("报送方式")], parent)
        self.button(self.tr("新增单位…"), self.add)
        self.button(self.tr("改名…"), self.edit_selected)
        self.buttons.addStretch(1)
        self.reload()

    def kind_label(self, kind: str) -> str:
        return {"county": self.tr("县（市、区）"), "zone": self.tr("开发区"),
                "department": self.tr("市直部门")}.get(kind, kind)

    def reload(self) -> None:
        self.rows = self.desk.fetch(rounds.list_units)
        _fill(self.table, [[u.code, u.name, u.short_name, self.kind_label(u.kind),
                            self.tr("本单位台账报送") if u.reports else self.tr("由市级台账代管")]
                           for u in self.rows])

    def add(self) -> SmallForm:
        form = SmallForm(self.tr("新增单位"), self)
        code = form.line(self.tr("代码 *"), placeholder="130602")
        name = form.line(self.tr("名称 *"), placeholder=self.tr("保定市竞秀区"))
        short = form.line(self.tr("简称"), placeholder=self.tr("竞秀区"))
        kind = form.choice(self.tr("类型"), [(k, self.kind_label(k)) for k in UNIT_KINDS])

        def save() -> None:
            u = self.desk.ctx.ledger.add_unit(code=code.text().strip(), name=name.text(),
                                              kind=kind.currentData(),
                                              short_name=short.text()).value
            self.saved(self.tr("已登记单位：%1 %2").replace("%1", u.code).replace("%2", u.name))

        form.save = save
        form.open()
        return form

    def edit_selected(self) -> SmallForm | None:
        row = self.selected_row()
        if row is None:
            self.feedback.setText(self.tr("请先选中一个单位。"))
            return None
        unit = self.rows[row]
        form = SmallForm(self.tr("修改单位名称：%1").replace("%1", unit.code), self)
        form.form.addRow(QLabel(self.tr("单位的记录按代码保存，改名后记录不变。"), form))
        name = form.line(self.tr("名称 *"), unit.name)
        short = form.line(self.tr("简称"), unit.short_name)

        def save() -> None:
            self.desk.ctx.ledger.rename_unit(unit.code, name=name.text(),
                                             short_name=short.text())
            self.saved(self.tr("已改名：%1 %2").replace("%1", unit.code)
                       .replace("%2", name.text().strip()))

        form.save = save
        form.open()
        return form


class IndicatorsPage(_Page):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, [self.tr("代码"), self.tr("名称"), self.tr("计量单位"),
                                self.tr("方向"), self.tr("年度目标"), self.tr("较上年"),
                                self.tr("市级数值"), self.tr("报送单位")], parent)
        self.button(self.tr("新增指标…"), lambda: self.open_form(None))
        self.button(self.tr("修改…"), self.edit_selected)
        self.buttons.addStretch(1)
        self.reload()

    def agg_label(self, agg: str) -> str:
        return {"city": self.tr("市级监测"), "sum": self.tr("各单位合计"),
                "ratio": self.tr("两项合计之比")}.get(agg, agg)

    def reload(self) -> None:
        code = self.desk.code
        self.rows = self.desk.fetch(lambda s: indicators.listing(s, None, code))
        _fill(self.table, [[i["code"], i["name"], i["unit_of_measure"],
                            self.tr("越高越好") if i["direction"] == "higher"
                            else self.tr("越低越好"),
                            "" if i["target"] is None else f"{i['target']:g}",
                            "" if i["relative_target"] is None
                            else f"{i['relative_target']:+g}%",
                            self.agg_label(i["aggregation"])
                            + (f"（{' ÷ '.join(i['ratio_of'])}）" if i["ratio_of"] else ""),
                            "、".join(i["reporting_units"])] for i in self.rows])

    def edit_selected(self) -> SmallForm | None:
        row = self.selected_row()
        if row is None:
            self.feedback.setText(self.tr("请先选中一项指标。"))
            return None
        return self.open_form(self.rows[row])

    def open_form(self, current: dict[str, Any] | None) -> SmallForm:
        c = current or {}
        title = self.tr("修改指标：%1").replace("%1", c["code"]) if current \
            else self.tr("新增指标")
        form = SmallForm(title, self)
        code = form.line(self.tr("代码 *"), c.get("code", ""), "GOOD_DAYS")
        code.setReadOnly(current is not None)  # the code is what values refer to
        name = form.line(self.tr("名称 *"), c.get("name", ""), self.tr("空气质量优良天数"))
        uom = form.line(self.tr("计量单位"), c.get("unit_of_measure", ""), self.tr("天"))
        direction = form.choice(self.tr("方向"), [("higher", self.tr("越高越好")),
                                                 ("lower", self.tr("越低越好"))],
                                c.get("direction", "higher"))
        target = form.line(self.tr("年度目标"), "" if c.get("target") is None
                           else f"{c['target']:g}")
        relative = form.line(self.tr("较上年（%）"), "" if c.get("relative_target") is None
                             else f"{c['relative_target']:g}", "-3.5")
        agg = form.choice(self.tr("市级数值"), [(a, self.agg_label(a)) for a in AGGREGATIONS],
                          c.get("aggregation", "city"))
        ratio = form.line(self.tr("比值的分子、分母指标"), "、".join(c.get("ratio_of", [])),
                          "GOOD_SECTIONS、ALL_SECTIONS")
        units = QListWidget(form)
        chosen = set(c.get("reporting_units", []))
        for u in self.desk.fetch(rounds.list_units):
            item = QListWidgetItem(f"{u.code} {u.name}", units)
            item.setData(Qt.ItemDataRole.UserRole, u.code)
            item.setCheckState(Qt.CheckState.Checked if u.code in chosen
                               else Qt.CheckState.Unchecked)
        units.setMaximumHeight(form.fontMetrics().height() * 8)
        form.form.addRow(self.tr("报送单位"), units)

        def sync() -> None:
            ratio.setEnabled(agg.currentData() == "ratio")

        agg.currentIndexChanged.connect(lambda _i: sync())
        sync()

        def save() -> None:
            parts = [p.strip() for p in ratio.text().replace("，", "、").replace(",", "、")
                     .replace("÷", "、").replace("/", "、").split("、") if p.strip()]
            reporting = [units.item(i).data(Qt.ItemDataRole.UserRole)
                         for i in range(units.count())
                         if units.item(i).checkState() == Qt.CheckState.Checked]
            self.desk.ctx.ledger.define_indicator(
                code=code.text().strip(), name=name.text(), unit_of_measure=uom.text(),
                higher_is_better=direction.currentData() == "higher",
                target=_number(target.text(), self.tr("年度目标")),
                relative_target=_number(relative.text(), self.tr("较上年")),
                aggregation=agg.currentData(),
                ratio_of=parts if agg.currentData() == "ratio" else [],
                reporting_units=reporting)
            self.saved(self.tr("已保存指标：%1 %2").replace("%1", code.text().strip())
                       .replace("%2", name.text().strip()))

        form.save = save
        form.open()
        return form


class PlanSetupDialog(QDialog):
    """督察轮次、所辖单位与指标: the frame a city sets up before importing its task list."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("督察轮次、所辖单位与指标"))
        self.tabs = QTabWidget(self)
        self.rounds = RoundsPage(desk, self)
        self.units = UnitsPage(desk, self)
        self.indicators = IndicatorsPage(desk, self)
        self.tabs.addTab(self.rounds, self.tr("督察轮次"))
        self.tabs.addTab(self.units, self.tr("所辖单位"))
        self.tabs.addTab(self.indicators, self.tr("环境指标"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.resize(900, 520)
