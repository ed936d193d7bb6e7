"""The check (dry run) of a clerk's edited ledger workbook, and its import.

The plan was built off the GUI thread before this dialog opens; here the clerk sees
the counts and every row that would be added, changed or is rejected (with the reason
in her words), can save the check as a workbook, and imports all of it or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.exports import excel_import
from desktop.exports.excel_import import CHANGED, NEW, REJECTED, UNCHANGED, ImportPlan
from desktop.exports.import_report import write_report
from desktop.exports.ledger_schema import EDITABLE_SHEETS, Column
from desktop.services.desk import DeskContext
from desktop.ui import messages, operations
from desktop.ui.translations import QT_TRANSLATE_NOOP

XLSX_FILTER = "Excel (*.xlsx)"
NOTE = "note"  # a table row that only informs (warnings, notes); imports nothing

KIND_TEXT = {
    NEW: QT_TRANSLATE_NOOP("ImportPreviewDialog", "新增"),
    CHANGED: QT_TRANSLATE_NOOP("ImportPreviewDialog", "修改"),
    UNCHANGED: QT_TRANSLATE_NOOP("ImportPreviewDialog", "未变"),
    REJECTED: QT_TRANSLATE_NOOP("ImportPreviewDialog", "拒绝"),
    NOTE: QT_TRANSLATE_NOOP("ImportPreviewDialog", "提示"),
}
# Light fills that keep black text readable; the 结果 column says it in words too.
FILLS = {REJECTED: "#ffcdd2", NOTE: "#fff3cd", NEW: "#e8f5e9"}
_SPECS = {s.title: s for s in EDITABLE_SHEETS}
_REASONS_SHOWN = 12  # in the refusal message; the table and the report hold them all


def _column(sheet: str, *, header: str = "", field: str = "") -> Column | None:
    spec = _SPECS.get(sheet)
    if spec is None:
        return None
    return next((c for c in spec.columns
                 if (header and c.header == header) or (field and c.field == field)), None)


def _value(col: Column | None, value: Any) -> str:
    """A value as the clerk wrote it in the workbook: 进行中, not ``doing``."""
    if value is None or value == "":
        return QCoreApplication.translate("ImportPreviewDialog", "（空）")
    value = excel_import.shown(value)
    text = col.label_of(value) if col is not None and col.choices else str(value)
    return text.replace("\n", " ⏎ ")


def _header(label: str) -> str:
    """A workbook column name, in the window's language where the ledger has it."""
    return QCoreApplication.translate("Columns", label)


class ImportPreviewDialog(QDialog):
    """``plan`` is the dry run of ``path``; ``desk`` (the window's Desk, if any) is told
    after a successful import so that every view reloads."""

    def __init__(self, ctx: DeskContext, path: Path, plan: ImportPlan,
                 parent: QWidget | None = None, desk: Any = None) -> None:
        super().__init__(parent)
        self.ctx, self.path, self.desk = ctx, Path(path), desk
        self.plan = plan
        self.applied = False
        self.setWindowTitle(self.tr("导入台账 Excel：") + self.path.name)
        hint = QLabel(self.tr("以下是导入前的检查，台账尚未改动。只列出新增、修改和被拒绝的行；"
                              "有被拒绝的行时不能导入，请在 Excel 中改正后重新选择文件。"))
        hint.setWordWrap(True)
        self.count_labels: dict[str, QLabel] = {}
        em = self.fontMetrics().horizontalAdvance("中")
        counts = QHBoxLayout()
        counts.setSpacing(2 * em)
        for kind in (NEW, CHANGED, UNCHANGED, REJECTED):
            label = QLabel(self)
            label.setObjectName(f"count_{kind}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.count_labels[kind] = label
            counts.addWidget(label)
        counts.addStretch(1)

        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("工作表"), self.tr("行号"), self.tr("结果"), self.tr("内容")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for col, width in enumerate((7, 4, 4)):  # 工作表 names are up to five characters
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width * em + 16)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(self)
        self.report_button = self.buttons.addButton(
            self.tr("保存检查报告…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.report_button.clicked.connect(lambda _c=False: self.save_report())
        self.apply_button = self.buttons.addButton(
            self.tr("确认导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.clicked.connect(lambda _c=False: self.apply())
        self.close_button = self.buttons.addButton(
            self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setDefault(True)  # Enter never imports by accident

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(72 * em, 40 * em)
        self.set_plan(plan)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- showing the plan ----------------------------------------------------------------

    def set_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        counts = plan.counts()
        words = {NEW: self.tr("新增"), CHANGED: self.tr("修改"), UNCHANGED: self.tr("未变"),
                 REJECTED: self.tr("拒绝")}
        for kind, label in self.count_labels.items():
            label.setText(self.tr("{0}：{1} 行").replace("{0}", words[kind])
                          .replace("{1}", str(counts[kind])))
        bad = counts[REJECTED] > 0 or bool(plan.problems)
        self.count_labels[REJECTED].setStyleSheet(
            "color: #c5221f; font-weight: bold;" if bad else "")
        lines = self.lines(plan)
        self.table.setRowCount(len(lines))
        for r, (sheet, row, kind, what) in enumerate(lines):
            fill = FILLS.get(kind)
            for c, text in enumerate((sheet, str(row) if row else "",
                                      self.tr(KIND_TEXT[kind]), what)):
                item = QTableWidgetItem(text)
                if c in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == 3:
                    item.setToolTip(text)
                if fill:
                    item.setBackground(QColor(fill))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self._refresh_state()

    def lines(self, plan: ImportPlan) -> list[tuple[str, int, str, str]]:
        """(sheet, row, kind, what) for each row worth the clerk's attention."""
        out: list[tuple[str, int, str, str]] = [("", 0, REJECTED, str(m)) for m in plan.problems]
        for r in plan.rows:
            what: list[str] = []
            if r.kind == REJECTED:
                what += [str(m) for m in r.errors]
            elif r.kind == CHANGED:
                for ch in r.changes:
                    col = _column(r.sheet, header=ch.label) or _column(r.sheet, field=ch.field)
                    what.append(f"{_header(ch.label)}：{_value(col, ch.old)} → "
                                f"{_value(col, ch.new)}")
            elif r.kind == NEW:
                for key, value in r.values.items():
                    col = _column(r.sheet, field=key)
                    name = _header(col.header) if col is not None else key
                    what.append(f"{name}：{_value(col, value)}")
            what += ["！" + str(m) for m in r.warnings]
            if what:
                out.append((r.sheet, r.row, NOTE if r.kind == UNCHANGED else r.kind,
                            "\n".join(what)))
        out += [("", 0, NOTE, str(m)) for m in plan.notes]
        return out

    def _refresh_state(self) -> None:
        counts = self.plan.counts()
        changes = counts[NEW] + counts[CHANGED]
        if self.applied:
            text = self.tr("已导入。")
        elif not self.plan.ok:
            text = self.tr("有被拒绝的行，不能导入。请按“内容”一栏的说明在 Excel 中改正，"
                           "保存后重新选择文件。")
        elif not changes:
            text = self.tr("工作簿与台账一致，没有需要导入的内容。")
        else:
            text = self.tr("以上为检查结果，尚未写入。"
                           "确认无误后点“确认导入”（全部导入或全部不导入）。")
        self.summary.setText(text)
        self.apply_button.setEnabled(not self.applied and self.plan.ok and changes > 0)

    # --- report ---------------------------------------------------------------------------

    def save_report(self) -> Path | None:
        start = self.path.with_name(self.path.stem + self.tr("-导入检查") + ".xlsx")
        out = messages.save_file(self, self.tr("保存检查报告"), str(start), XLSX_FILTER)
        if out is None:
            return None
        if out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
        try:
            write_report(self.plan, out, clock.today())
        except Exception as e:  # a locked or read-only file: said, not raised
            messages.error(self, e)
            return None
        messages.info(self, self.tr("已保存：") + str(out))
        return out

    # --- import ---------------------------------------------------------------------------

    def apply(self) -> operations.Operation | None:
        if not self.apply_button.isEnabled():
            return None
        ctx, path = self.ctx, self.path
        self.apply_button.setEnabled(False)

        def work(cancel: operations.Cancel) -> ImportPlan | excel_import.ImportRejected:
            try:  # all or nothing: shown as it goes, but not stopped half way
                return excel_import.apply_import(ctx, path, progress=cancel.progress)
            except excel_import.ImportRejected as e:  # shown with its reasons below
                return e

        op = operations.run(self, self.tr("正在导入…"), work, self._applied,
                            cancellable=False)
        op.finished.connect(lambda ok, _r: None if ok else self._refresh_state())
        return op

    def _applied(self, result: ImportPlan | excel_import.ImportRejected) -> None:
        if isinstance(result, excel_import.ImportRejected):
            # The workbook changed since the check: show what is wrong now.
            self.set_plan(result.plan)
            messages.error(self, self.rejection_text(result))
            return
        self.applied = True
        self.set_plan(result)
        if self.desk is not None and hasattr(self.desk, "changed"):
            self.desk.changed.emit("")  # anything may have changed: every view reloads
        counts = result.counts()
        messages.info(self, self.tr("已导入：新增 {n} 行，修改 {c} 行。")
                      .replace("{n}", str(counts[NEW])).replace("{c}", str(counts[CHANGED])))

    def rejection_text(self, error: excel_import.ImportRejected) -> str:
        reasons = [str(m) for m in error.plan.problems]
        reasons += [str(m) for r in error.plan.rows for m in r.errors]
        lines = [str(error), ""] + ["• " + t for t in reasons[:_REASONS_SHOWN]]
        if len(reasons) > _REASONS_SHOWN:
            lines.append(self.tr("……另有 {0} 处，见表格或检查报告。")
                         .replace("{0}", str(len(reasons) - _REASONS_SHOWN)))
        return "\n".join(lines)
