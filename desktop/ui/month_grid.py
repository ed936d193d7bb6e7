"""The month grid's table: keyboard first, as clerks use Excel.

Typing starts an edit; Enter commits and goes down (after a run of Tabs, back to the
column the run began in, on the next row; a refused value stays put); Tab goes to
the next editable cell;
Ctrl+D starts from last month's text (or fills a selection with it); Ctrl+V pastes
a block copied from Excel.  A refused value shows why in a note under the cell."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from contextlib import AbstractContextManager

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.ui.month_grid_model import EDITABLE, PREVIOUS, MonthGridModel, percent_text

EndEditHint = QAbstractItemDelegate.EndEditHint


class MonthGridDelegate(QStyledItemDelegate):
    """A plain line editor; ``prefill`` (set by Ctrl+D) is what the next editor starts
    from instead of the cell's own value."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.prefill: str | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        if editor.isModified():
            return  # a reload repainting the row must not wipe what the clerk typed
        if self.prefill is not None:
            editor.setText(self.prefill)
            editor.setModified(True)  # the clerk's starting point: kept like typed text
            self.prefill = None
        else:
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))


def parse_clipboard(text: str) -> list[list[str]]:
    """Excel's clipboard: rows by newline, cells by tab, quoted cells may hold newlines."""
    text = text.replace("\r\n", "\n").rstrip("\n")
    if not text:
        return []
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t")]


class MonthGrid(QTableView):
    # A task uuid to open (double-click or Enter on a reference column).
    open_task = Signal(str)
    # What the note under the cell says ("" when nothing is wrong).
    problem = Signal(str)

    def __init__(self, model: MonthGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tab_start: int | None = None  # the column a run of Tabs began in
        self._moving = False  # inside closeEditor: the note follows the refused cell
        self._refused: tuple[str, QPersistentModelIndex] | None = None
        # Several rows saved at once (a paste) undo as one step when the view sets this.
        self.macro: Callable[[str], AbstractContextManager[None]] | None = None
        self.grid_model = model
        self.delegate = MonthGridDelegate(self)
        self.setItemDelegate(self.delegate)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(triggers.AnyKeyPressed | triggers.DoubleClicked
                             | triggers.EditKeyPressed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.note = QLabel(self.viewport())
        self.note.setStyleSheet("background: #fdecea; color: #c5221f; border: 1px solid #c5221f;"
                                " padding: 2px 4px;")
        self.note.setWordWrap(True)
        self.note.hide()
        self.setModel(model)
        self.doubleClicked.connect(self._double_clicked)

    # ---- moving ----------------------------------------------------------------------
    def _go(self, row: int, col: int) -> None:
        row = max(0, min(row, self.grid_model.rowCount() - 1))
        index = self.grid_model.index(row, col)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def next_cell(self, backwards: bool = False) -> None:
        cur = self.currentIndex()
        row, col = (cur.row(), cur.column()) if cur.isValid() else (0, EDITABLE[0] - 1)
        if self._tab_start is None:
            self._tab_start = col if col in EDITABLE else EDITABLE[0]
        order = [(r, c) for r in range(self.grid_model.rowCount()) for c in EDITABLE]
        here = (row, max(c for c in EDITABLE if c <= col) if col >= EDITABLE[0] else -1)
        later = [p for p in order if (p > here if not backwards else p < here)]
        if later:
            self._go(*(later[-1] if backwards else later[0]))

    def next_row(self, backwards: bool = False) -> None:
        cur = self.currentIndex()
        if not cur.isValid():
            self._go(0, EDITABLE[0])
            return
        col = self._tab_start if self._tab_start is not None else cur.column()
        self._tab_start = None
        self._go(cur.row() + (-1 if backwards else 1), col)

    def closeEditor(self, editor: QWidget, hint: EndEditHint) -> None:
        self._moving = True
        try:
            super().closeEditor(editor, EndEditHint.NoHint)
            if self._refused is not None:
                pass  # as in Excel: a refused value keeps the clerk on its cell
            elif hint == EndEditHint.EditNextItem:
                self.next_cell()
            elif hint == EndEditHint.EditPreviousItem:
                self.next_cell(backwards=True)
            elif hint == EndEditHint.SubmitModelCache:  # Enter
                self.next_row()
        finally:
            self._moving = False
        self._show_note(self.currentIndex())

    def commitData(self, editor: QWidget) -> None:
        index = self.currentIndex()
        super().commitData(editor)
        # The move that follows must not hide the reason the value was refused.
        why = self.grid_model.error_at(index)
        self._refused = (why, QPersistentModelIndex(index)) if why else None

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        super().currentChanged(current, previous)
        if not self._moving:
            self._show_note(current)

    def _show_note(self, current: QModelIndex | QPersistentModelIndex) -> None:
        """The reason under the refused cell (just refused, or the current one)."""
        if self._refused is not None and self._refused[1].isValid():
            why, at = self._refused
            index = self.grid_model.index(at.row(), at.column())
        else:
            index = self.grid_model.index(current.row(), current.column())
            why = self.grid_model.error_at(index)
        self._refused = None
        self.problem.emit(why)
        if not why:
            self.note.hide()
            return
        rect = self.visualRect(index)
        self.note.setText(why)
        self.note.setFixedWidth(max(rect.width(), 18 * self.fontMetrics().horizontalAdvance("中")))
        self.note.adjustSize()
        x = min(rect.left(), max(0, self.viewport().width() - self.note.width()))
        y = rect.bottom() + 1
        if y + self.note.height() > self.viewport().height():
            y = max(0, rect.top() - self.note.height() - 1)
        self.note.move(x, y)
        self.note.show()
        self.note.raise_()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and not self.grid_model.field(index.column()):
            self.open_task.emit(self.grid_model.rows[index.row()].task_uuid)

    # ---- keys ------------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        # Our keys win over the window's shortcuts while the grid has the focus.
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent) \
                and (e.matches(QKeySequence.StandardKey.Paste) or self._is_ctrl_d(e)):
            e.accept()
            return True
        return super().event(e)

    @staticmethod
    def _is_ctrl_d(e: QKeyEvent) -> bool:
        return e.key() == Qt.Key.Key_D and e.modifiers() == Qt.KeyboardModifier.ControlModifier

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key = e.key()
        if key == Qt.Key.Key_Tab and not e.modifiers():
            self.next_cell()
        elif key == Qt.Key.Key_Backtab:
            self.next_cell(backwards=True)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.state() != QAbstractItemView.State.EditingState:
            cur = self.currentIndex()
            if cur.isValid() and not self.grid_model.field(cur.column()):
                self.open_task.emit(self.grid_model.rows[cur.row()].task_uuid)
                return
            self.next_row(backwards=bool(e.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        elif self._is_ctrl_d(e):
            self.copy_last_month()
        elif e.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
        else:
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right,
                       Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self._tab_start = None  # the clerk moved on their own
            super().keyPressEvent(e)

    # ---- Ctrl+D and Ctrl+V -----------------------------------------------------------
    def copy_last_month(self) -> None:
        """One text cell: open its editor on last month's text, to start from.  A
        percent cell or a selection of cells: fill them with last month's values."""
        cells = sorted({(i.row(), i.column()) for i in self.selectedIndexes()
                        if self.grid_model.field(i.column())})
        cur = self.currentIndex()
        if not cells and cur.isValid() and self.grid_model.field(cur.column()):
            cells = [(cur.row(), cur.column())]
        if not cells:
            return
        values = []
        for row, col in cells:
            ln = self.grid_model.rows[row]
            old = getattr(ln, PREVIOUS[self.grid_model.field(col) or ""])
            values.append((row, col, percent_text(old) if isinstance(old, float) else old or ""))
        if len(values) == 1 and self.grid_model.field(values[0][1]) != "percent":
            row, col, text = values[0]
            self.delegate.prefill = text
            self.edit(self.grid_model.index(row, col))
            editor = QApplication.focusWidget()
            if isinstance(editor, QLineEdit):  # the view selects all; continue after it
                editor.end(False)
            return
        self._save(values)

    def paste(self, text: str) -> None:
        block = parse_clipboard(text)
        cur = self.currentIndex()
        if not block or not cur.isValid():
            return
        # Paste goes into editable columns only, starting at the current one.
        start = cur.column() if cur.column() in EDITABLE else EDITABLE[0]
        columns = [c for c in EDITABLE if c >= start]
        cells, extra = [], 0
        for r, row in enumerate(block):
            if cur.row() + r >= self.grid_model.rowCount():
                extra += 1
                continue
            for c, value in enumerate(row):
                if c >= len(columns):
                    extra += 1
                    continue
                cells.append((cur.row() + r, columns[c], value))
        reasons = self._save(cells)
        if extra and not reasons:
            self.problem.emit(self.tr("粘贴的内容超出表格，多出的 %1 格未粘贴。")
                              .replace("%1", str(extra)))

    def _save(self, cells: list[tuple[int, int, str]]) -> list[str]:
        rows = {r for r, _c, _t in cells}
        if self.macro is not None and len(rows) > 1:
            with self.macro(self.tr("粘贴 %1 格").replace("%1", str(len(cells)))):
                reasons = self.grid_model.save_cells(cells)
        else:
            reasons = self.grid_model.save_cells(cells)
        if reasons:
            first = next(((r, c) for r, c, _t in cells
                          if self.grid_model.error_at(self.grid_model.index(r, c))), None)
            why = reasons[0] if len(reasons) == 1 else self.tr("%1 行未保存：%2") \
                .replace("%1", str(len(reasons))).replace("%2", reasons[0])
            if first is not None:
                self._refused = (why, QPersistentModelIndex(self.grid_model.index(*first)))
        self._show_note(self.currentIndex())
        return reasons
