"""The supervision desk (督办): notices and their replies; on the city desk also the
monthly ranking with its trend, the bulletin, and accountability (candidates by rule and
actions recorded).  A county sees the notices sent to it, replies, and sees its own
places as the city computed them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import periods
from desktop.domain import supervision as rules
from desktop.services import light_history, ranking, supervision
from desktop.services.ledger import unit_names
from desktop.ui import messages, operations
from desktop.ui.charts import ColumnChart
from desktop.ui.desk import Desk
from desktop.ui.rows_model import Index, RowsModel
from desktop.ui.style import ERROR_STYLE, LIGHT_COLOURS, fit_headers

_LEVELS = rules.LEVELS


class NoticesModel(RowsModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([self.tr("督办单号"), self.tr("单位"), self.tr("级别"),
                          self.tr("事项"), self.tr("回复期限"), self.tr("状态"),
                          self.tr("回复")], parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r: supervision.NoticeRow = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue:
            return QBrush(LIGHT_COLOURS["red"])
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.text
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        about = (self.tr("第%1号任务").replace("%1", str(r.task_number)) if r.task_number
                 else r.petition_case or self.tr("综合事项"))
        status = r.status_label + (self.tr("（逾期）") if r.overdue else "")
        return (r.number, r.unit_name, r.level_label, about, r.reply_by, status,
                str(len(r.replies)) if r.replies else "")[index.column()]


class RankingModel(RowsModel):
    KEYS = ("red", "red_3m", "late_reports", "returned", "rebounds", "overdue_petitions",
            "overdue_replies", "indicators_off")

    def __init__(self, parent: Any = None) -> None:
        super().__init__([self.tr("名次"), self.tr("单位"), self.tr("得分"), self.tr("较上月"),
                          self.tr("销号/任务"),
                          *[str(rules.FIGURES[k]) for k in self.KEYS]], parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        u: ranking.UnitRank = self.rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and c != 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:  # sort keys: numbers as numbers
            keys: tuple[Any, ...] = (u.rank, u.unit_name, u.score, u.change or 0,
                                     u.figures["closed"], *[u.figures[k] for k in self.KEYS])
            return keys[c]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        change = "—" if u.change is None else (
            f"↑{u.change}" if u.change > 0 else f"↓{-u.change}" if u.change < 0 else "—")
        values = (str(u.rank), u.unit_name, f"{u.score:.1f}", change,
                  f"{u.figures['closed']}/{u.figures['applicable']}",
                  *[str(u.figures[k]) for k in self.KEYS])
        return values[c]


class CandidatesModel(RowsModel):
    def __init__(self, names: dict[str, str], months: int, parent: Any = None) -> None:
        super().__init__([self.tr("单位"), self.tr("规则"), self.tr("情况")], parent)
        self.names, self.months = names, months

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        c: rules.Candidate = self.rows[index.row()]
        return (self.names.get(c.unit_code, c.unit_code), c.reason(self.months),
                c.detail)[index.column()]


def _table(model: RowsModel, parent: QWidget, sort_role: int | None = None) -> QTableView:
    view = QTableView(parent)
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    if sort_role is not None:
        proxy.setSortRole(sort_role)
        view.setSortingEnabled(True)
    view.setModel(proxy)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    fit_headers(view.horizontalHeader())
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _selected(view: QTableView, model: RowsModel) -> Any:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    proxy = view.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    return model.rows[proxy.mapToSource(rows[0]).row()]


class NoticeDialog(QDialog):
    """A new supervision notice: unit, task or petition, level, reply date, text."""

    def __init__(self, units: list[tuple[str, str]], today: date, parent: QWidget | None = None,
                 *, unit: str = "", task: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("发出督办单"))
        self.unit = QComboBox(self)
        for code, name in units:
            self.unit.addItem(f"{name}（{code}）", code)
        if unit:
            self.unit.setCurrentIndex(max(0, self.unit.findData(unit)))
        self.task = QLineEdit(str(task) if task else "", self)
        self.task.setPlaceholderText(self.tr("任务编号（可不填）"))
        self.petition = QLineEdit(self)
        self.petition.setPlaceholderText(self.tr("信访件案件编号（可不填）"))
        self.level = QComboBox(self)
        for level in _LEVELS:
            self.level.addItem(rules.level_label(level), level)
        self.reply_by = QLineEdit((today + timedelta(days=15)).isoformat(), self)
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("督办事项和要求"))
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("督办单位"), self.unit)
        form.addRow(self.tr("任务"), self.task)
        form.addRow(self.tr("信访件"), self.petition)
        form.addRow(self.tr("督办级别"), self.level)
        form.addRow(self.tr("回复期限"), self.reply_by)
        form.addRow(self.tr("督办内容"), self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)

    def values(self) -> dict[str, Any]:
        task = self.task.text().strip()
        return {"unit_code": self.unit.currentData(), "level": self.level.currentData(),
                "reply_by": self.reply_by.text().strip(), "text": self.text.toPlainText(),
                "task_number": int(task) if task.isdigit() else None,
                "petition_case": self.petition.text().strip() or None}


class TextDialog(QDialog):
    """One or two texts: a reply with the measures taken, or an escalation's date."""

    def __init__(self, title: str, fields: list[tuple[str, str]], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.editors: list[QPlainTextEdit | QLineEdit] = []
        form = QFormLayout()
        for label, value in fields:
            editor: QPlainTextEdit | QLineEdit = (
                QLineEdit(value, self) if value else QPlainTextEdit(self))
            form.addRow(label, editor)
            self.editors.append(editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 32)

    def texts(self) -> list[str]:
        return [e.toPlainText() if isinstance(e, QPlainTextEdit) else e.text()
                for e in self.editors]


class SupervisionView(QWidget):
    open_task = Signal(str)
    # How many notices wait for this desk (county: to reply; city: replied, to settle).
    waiting = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.notices = NoticesModel(self)
        self.notice_view = _table(self.notices, self)
        self.notice_text = QLabel(self)
        self.notice_text.setWordWrap(True)
        self.notice_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_view.selectionModel().selectionChanged.connect(self._show_notice)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        city = desk.is_city
        for key, text, slot in (
            ("issue", self.tr("发出督办…"), self.issue) if city else ("", "", None),
            ("reply", self.tr("回复…"), self.reply) if not city else ("", "", None),
            ("close", self.tr("办结"), self.close_notice) if city else ("", "", None),
            ("escalate", self.tr("升级督办…"), self.escalate) if city else ("", "", None),
            ("pdf", self.tr("导出督办单 PDF…"), self.export_notice),
        ):
            if not key or slot is None:
                continue
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.buttons[key] = b
        buttons.addStretch(1)
        notices_page = QWidget(self)
        lay = QVBoxLayout(notices_page)
        lay.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, notices_page)
        split.addWidget(self.notice_view)
        split.addWidget(self.notice_text)
        split.setStretchFactor(0, 4)
        lay.addWidget(split, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(notices_page, self.tr("督办单"))
        self.tabs.addTab(self._ranking_page(), self.tr("排名与通报"))
        if city:
            self.tabs.addTab(self._accountability_page(), self.tr("问责"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        desk.reload_on_change(self, self.reload, when=self.isVisible)

    # --- pages -----------------------------------------------------------------------

    def _ranking_page(self) -> QWidget:
        page = QWidget(self)
        self.period = QComboBox(page)
        last = light_history.last_ended(self.desk.today)
        for i in range(12):
            self.period.addItem(periods.shift(last, -i))
        self.period.currentIndexChanged.connect(self.load_ranking)
        self.ranking = RankingModel(page)
        self.ranking_view = _table(self.ranking, page, Qt.ItemDataRole.UserRole)
        self.ranking_view.selectionModel().selectionChanged.connect(self._show_trend)
        self.trend = ColumnChart(self.tr("得分走势（近6个月）"), page)
        self.own = QLabel(page)
        self.own.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份"), page))
        top.addWidget(self.period)
        if self.desk.is_city:
            for text, fmt in ((self.tr("导出通报 PDF…"), "pdf"),
                              (self.tr("导出通报 Excel…"), "xlsx")):
                b = QPushButton(text, page)
                b.clicked.connect(lambda _c=False, f=fmt: self.export_bulletin(f))
                top.addWidget(b)
        top.addStretch(1)
        lay = QVBoxLayout(page)
        lay.addLayout(top)
        lay.addWidget(self.own)
        lay.addWidget(self.ranking_view, 3)
        lay.addWidget(self.trend, 1)
        self._history: dict[str, dict[str, float]] = {}
        self._ranking_busy = self._ranking_again = False
        return page

    def _accountability_page(self) -> QWidget:
        page = QWidget(self)
        self.candidates = CandidatesModel({}, self.desk.settings.red_months, page)
        self.candidate_view = _table(self.candidates, page)
        add = QPushButton(self.tr("记录问责…"), page)
        add.clicked.connect(self.add_action)
        self.actions_label = QLabel(page)
        self.actions_label.setWordWrap(True)
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("问责线索（按规则：连续红灯、约谈、销号后反弹、虚假整改、"
                                     "连续两月月报逾期）"), page))
        lay.addWidget(self.candidate_view, 2)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.actions_label, 1)
        return page

    # --- loading ---------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        self.reload()

    def reload(self) -> None:
        desk = self.desk
        unit = None if desk.is_city else desk.code
        rows = desk.fetch(lambda s: supervision.notices(s, desk.today, unit))
        self.notices.set_rows(rows)
        self.notice_view.resizeColumnsToContents()
        fit_headers(self.notice_view.horizontalHeader())
        waiting = [r for r in rows if (r.status == "open" if not desk.is_city
                                       else r.status == "replied")]
        self.waiting.emit(len(waiting))
        if not desk.is_city:
            own = desk.fetch(lambda s: ranking.own_entries(s, desk.code))
            self.own.setText(self.tr("市级排名：") + "；".join(
                f"{e['period']} 第{e['rank']}名/{e['units']}（{e['score']:.1f}分）"
                for e in own[:6]) if own else self.tr("尚未收到市级的排名。"))
        else:
            self.load_ranking()

    def load_ranking(self) -> None:
        if not self.desk.is_city or not self.desk.is_open:
            return
        if self._ranking_busy:  # one computation at a time; the latest wish wins
            self._ranking_again = True
            return
        self._ranking_busy, self._ranking_again = True, False
        period = self.period.currentText()
        ledger = self.desk.ledger

        def work(_cancel: operations.Cancel) -> tuple[Any, dict[str, dict[str, float]], Any]:
            months = [periods.shift(period, -i) for i in range(5, -1, -1)]
            with ledger.ctx.store.read() as s:
                kept = ranking.stored_periods(s)
            for p in months[:-1]:  # the trend: months ranked before, or ranked now once
                if p not in kept:
                    ledger.ranking(p)
            result = ledger.ranking(period).value
            with ledger.batch() as s:  # candidates may take light snapshots
                found = ranking.candidates(s, period, ledger.settings, ledger.today)
                acts = ranking.actions(s)
                names = unit_names(s)
                trend = ranking.score_history(s, months)
            return result, trend, (found, acts, names)

        operations.Operation(self, self.tr("正在计算排名…"), work, self._ranking_done,
                             cancellable=False).start()

    def _ranking_done(self, value: tuple[Any, dict[str, dict[str, float]], Any]) -> None:
        self._ranking_busy = False
        if self._ranking_again:
            self.load_ranking()
            return
        result, self._history, (found, acts, names) = value
        self.ranking.set_rows(result.units)
        self.ranking_view.resizeColumnsToContents()
        fit_headers(self.ranking_view.horizontalHeader())
        self.candidates.names = names
        self.candidates.set_rows(found)
        self.candidate_view.resizeColumnsToContents()
        fit_headers(self.candidate_view.horizontalHeader())
        self.actions_label.setText(self.tr("已记录的问责：") + ("；".join(
            f"{a.decided_on.isoformat()} {names.get(a.unit_code, a.unit_code)} "
            f"{rules.ACTIONS[a.action]}" for a in acts[-10:]) or self.tr("无")))
        self._show_trend()

    def _show_trend(self) -> None:
        unit = _selected(self.ranking_view, self.ranking)
        if unit is None and self.ranking.rows:
            unit = self.ranking.rows[0]
        if unit is None:
            self.trend.set_columns([])
            return
        self.trend.title = self.tr("%1 得分走势（近6个月）").replace("%1", unit.unit_name)
        points = self._history.get(unit.unit, {})
        self.trend.set_columns([(self.tr("%1月").replace("%1", p[5:]), points[p])
                                for p in sorted(points)])

    def _show_notice(self) -> None:
        n = _selected(self.notice_view, self.notices)
        if n is None:
            self.notice_text.clear()
            return
        replies = "\n".join(f"  {r['replied_on']}：{r['text']}"
                            + (f"（措施：{r['measures']}）" if r["measures"] else "")
                            for r in n.replies)
        self.notice_text.setText(f"{n.number}　{n.text}" + (
            "\n" + self.tr("回复：") + "\n" + replies if replies else ""))

    # --- acts ------------------------------------------------------------------------

    def _units(self) -> list[tuple[str, str]]:
        from desktop.services.completeness import county_units

        return self.desk.fetch(county_units)

    def issue(self) -> None:
        dialog = NoticeDialog(self._units(), self.desk.today, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.desk.ledger.issue_supervision(**dialog.values())
            except Exception as e:
                dialog.error.setText(str(e))
                continue
            self.desk.changed.emit("")
            return

    def _current(self) -> supervision.NoticeRow | None:
        n = _selected(self.notice_view, self.notices)
        if n is None:
            messages.info(self, self.tr("请先选中一份督办单。"))
        return n

    def reply(self) -> None:
        n = self._current()
        if n is None:
            return
        dialog = TextDialog(self.tr("回复%1").replace("%1", n.number),
                            [(self.tr("办理情况"), ""), (self.tr("已采取的措施"), "")], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        text, measures = dialog.texts()
        self._act(lambda: self.desk.ledger.reply_supervision(n.id, text=text, measures=measures))

    def close_notice(self) -> None:
        n = self._current()
        sure = self.tr("确定办结%1吗？")
        if n is not None and messages.confirm(self, sure.replace("%1", n.number)):
            self._act(lambda: self.desk.ledger.close_supervision(n.id))

    def escalate(self) -> None:
        n = self._current()
        if n is None:
            return
        up = rules.next_level(n.level)
        if up is None:
            messages.info(self, self.tr("约谈已是最高一级督办；可以在“问责”中记录问责。"))
            return
        dialog = TextDialog(self.tr("升级为%1").replace("%1", rules.level_label(up)),
                            [(self.tr("回复期限"),
                              (self.desk.today + timedelta(days=15)).isoformat()),
                             (self.tr("督办内容（可不填）"), "")], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reply_by, text = dialog.texts()
        self._act(lambda: self.desk.ledger.escalate_supervision(n.id, reply_by=reply_by,
                                                                text=text))

    def _act(self, act: Any) -> None:
        try:
            act()
        except Exception as e:
            messages.error(self, e)
            return
        self.desk.changed.emit("")

    def export_notice(self) -> None:
        from desktop.exports import supervision_pdf

        n = self._current()
        if n is None:
            return
        out = messages.save_file(self, self.tr("导出督办单"), f"{n.number}.pdf", "PDF (*.pdf)")
        if out is None:
            return
        try:
            supervision_pdf.write_notice(self.desk.ctx, n.id, out)
        except Exception as e:
            messages.error(self, e)
            return
        messages.info(self, self.tr("已导出：%1").replace("%1", str(out)))

    def export_bulletin(self, fmt: str) -> None:
        from desktop.exports import bulletin

        period = self.period.currentText()
        out = messages.save_file(self, self.tr("导出月度通报"),
                                 f"{bulletin.title(period)}.{fmt}", f"{fmt.upper()} (*.{fmt})")
        if out is None:
            return
        ctx = self.desk.ctx
        operations.Operation(self, self.tr("正在生成通报…"),
                             lambda _c: bulletin.write(ctx, period, fmt, out),
                             lambda path: messages.info(self, self.tr("已导出：%1")
                                                        .replace("%1", str(path))),
                             cancellable=False).start()

    def add_action(self) -> None:
        units = self._units()
        c = _selected(self.candidate_view, self.candidates)
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("记录问责"))
        unit = QComboBox(dialog)
        for code, name in units:
            unit.addItem(f"{name}（{code}）", code)
        if c is not None:
            unit.setCurrentIndex(max(0, unit.findData(c.unit_code)))
        action = QComboBox(dialog)
        for key, words in rules.ACTIONS.items():
            action.addItem(str(words), key)
        person, post, number = QLineEdit(dialog), QLineEdit(dialog), QLineEdit(dialog)
        day = QLineEdit(self.desk.today.isoformat(), dialog)
        basis = QPlainTextEdit(c.detail if c is not None else "", dialog)
        error = QLabel(dialog)
        error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        rows: tuple[tuple[str, QWidget], ...] = (
            (self.tr("单位"), unit), (self.tr("问责方式"), action), (self.tr("姓名"), person),
            (self.tr("职务"), post), (self.tr("日期"), day), (self.tr("文号"), number),
            (self.tr("依据"), basis))
        for label, w in rows:
            form.addRow(label, w)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        lay = QVBoxLayout(dialog)
        lay.addLayout(form)
        lay.addWidget(error)
        lay.addWidget(buttons)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.desk.ledger.add_accountability(
                    unit_code=unit.currentData(), action=action.currentData(),
                    basis=basis.toPlainText(), decided_on=day.text(), person=person.text(),
                    post=post.text(), document_number=number.text(),
                    task_number=c.task_number if c is not None else None)
            except Exception as e:
                error.setText(str(e))
                continue
            self.desk.changed.emit("")
            return

    def index_of(self, number: str) -> QModelIndex:
        """The notices table's row of ``number`` (for tests and links)."""
        for i, r in enumerate(self.notices.rows):
            if r.number == number:
                return self.notices.index(i, 0)
        return QModelIndex()
