"""Evidence of a task: add by file dialog or by dropping files, preview pictures and
PDFs inside the window, open with the system's viewer (documents and pictures only,
recognised by content and handed over under a safe name) or save as a file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.domain import filetypes
from desktop.fileio import atomic_write_bytes
from desktop.services import evidence as evidence_service
from desktop.services.taskdetail import child_rows, effect_choices
from desktop.ui import commands, messages
from desktop.ui.desk import Desk
from desktop.ui.style import ERROR_STYLE

UUID_ROLE = 0x0101


class EvidenceTab(QWidget):
    def __init__(self, desk: Desk, task_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.task_uuid = desk, task_uuid
        self.setAcceptDrops(True)
        self.rows: dict[str, dict[str, Any]] = {}

        self.list = QListWidget(self)
        self.list.currentItemChanged.connect(lambda cur, _prev: self.preview(cur))
        self.list.itemActivated.connect(lambda _item: self.open_external())
        self.effect_box = QComboBox(self)
        add = QPushButton(self.tr("添加文件…"), self)
        add.clicked.connect(self.choose_files)
        self.open_button = QPushButton(self.tr("用系统程序打开"), self)
        self.open_button.clicked.connect(self.open_external)
        self.save_button = QPushButton(self.tr("另存为…"), self)
        self.save_button.clicked.connect(self.save_as)
        remove = QPushButton(self.tr("删除"), self)
        remove.clicked.connect(self.delete_selected)
        hint = QLabel(self.tr("可把文件直接拖到这里。关联到效果的材料计入销号条件。"), self)
        hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("关联效果："), self))
        row.addWidget(self.effect_box, 1)
        lv.addLayout(row)
        lv.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for b in (add, self.open_button, self.save_button, remove):
            buttons.addWidget(b)
        lv.addLayout(buttons)
        lv.addWidget(hint)
        lv.addWidget(self.error)

        self.stack = QStackedWidget(self)
        self.empty = QLabel(self.tr("选择一份材料以预览"), self)
        self.image = QLabel(self)
        self.image.setScaledContents(False)
        self.pdf_view: Any = None  # made on first PDF: QtPdf loads lazily
        for w in (self.empty, self.image):
            self.stack.addWidget(w)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        desk.reload_on_change(self, self.reload, self.task_uuid,
                              tables=frozenset({"evidence", "effect"}))
        self.reload()

    def reload(self) -> None:
        rows, effects = self.desk.fetch(lambda s: (child_rows(s, "evidence", self.task_uuid),
                                                   effect_choices(s, self.task_uuid)))
        names = dict(effects)
        current = self.effect_box.currentData()
        self.effect_box.clear()
        self.effect_box.addItem(self.tr("（不关联）"), None)
        for uuid, indicator in effects:
            self.effect_box.addItem(indicator, uuid)
        self.effect_box.setCurrentIndex(max(0, self.effect_box.findData(current)))
        self.rows = {r["uuid"]: r for r in rows}
        self.list.clear()
        for r in rows:
            label = r["name"]
            if r.get("effect_uuid") in names:
                label += f"  —  {names[r['effect_uuid']]}"
            item = QListWidgetItem(label, self.list)
            item.setData(UUID_ROLE, r["uuid"])
            item.setToolTip(f"{r['caption']}\n{r['size']:,} B  {r['media_type']}")
        self.preview(self.list.currentItem())

    # --- adding ---
    def choose_files(self) -> None:
        files = messages.open_files(self, self.tr("选择佐证材料"), "",
                                    self.tr("图片和文档 (*.png *.jpg *.jpeg *.pdf *.doc *.docx "
                                            "*.xls *.xlsx);;所有文件 (*)"))
        self.add_files(files)

    def add_files(self, files: list[Path]) -> None:
        effect = self.effect_box.currentData()
        for f in files:
            text = self.tr("添加佐证材料：%1").replace("%1", f.name)
            try:
                self.desk.push(commands.add_evidence(self.desk, self.task_uuid, f, effect, text))
            except Exception as e:
                logs.caught(e)  # the traceback stays in the log
                self.error.setText(str(e))
                return
        self.error.setText("")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [f for f in files if f.is_file()]
        if files:
            event.acceptProposedAction()
            self.add_files(files)

    # --- showing ---
    def current(self) -> dict[str, Any] | None:
        item = self.list.currentItem()
        return self.rows.get(item.data(UUID_ROLE)) if item else None

    def preview(self, item: QListWidgetItem | None) -> None:
        row = self.rows.get(item.data(UUID_ROLE)) if item else None
        if row is None:
            self.stack.setCurrentWidget(self.empty)
            return
        path = self.desk.ctx.paths.evidence_file(row["sha256"])
        media = row["media_type"] or ""
        if media.startswith("image/"):
            pix = QPixmap(str(path))
            if not pix.isNull():
                # Fit the preview area; small photos are enlarged at most fourfold.
                box = self.stack.size().boundedTo(pix.size() * 4)
                pix = pix.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
                self.image.setPixmap(pix)
                self.stack.setCurrentWidget(self.image)
                return
        if media == "application/pdf":
            self._show_pdf(path)
            return
        self.empty.setText(self.tr("这种文件不能在程序内预览，请用系统程序打开。"))
        self.stack.setCurrentWidget(self.empty)

    def _show_pdf(self, path: Path) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        if self.pdf_view is None:
            self.pdf_view = QPdfView(self)
            self.pdf_document = QPdfDocument(self)
            self.pdf_view.setDocument(self.pdf_document)
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.stack.addWidget(self.pdf_view)
        self.pdf_document.load(str(path))
        self.stack.setCurrentWidget(self.pdf_view)

    def open_external(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            data = evidence_service.read_bytes(self.desk.ctx.paths, row["sha256"])
        except Exception as e:
            messages.error(self, e)
            return
        # The stored name came from whoever added the file, maybe another desk's packet:
        # the type comes from the content and the name from the hash, so the system
        # starts a viewer, never a program named by the file.
        kind = filetypes.detect(data)
        if kind is None:
            question = self.tr("“%1”不是能识别的文档或图片，为安全起见不能直接打开。"
                               "要把它另存为文件吗？").replace(
                "%1", filetypes.shown_name(row["name"]))
            if messages.confirm(self, question):
                self.save_as()
            return
        folder = Path(tempfile.mkdtemp(prefix="rectdesk-"))  # private to the user
        target = folder / filetypes.safe_file_name(row["sha256"], kind)
        atomic_write_bytes(target, data, durable=False)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            shutil.rmtree(folder, ignore_errors=True)
            messages.error(self, self.tr("没有找到能打开这种文件的程序。"))

    def save_as(self) -> Path | None:
        row = self.current()
        if row is None:
            self.error.setText(self.tr("请先选中一份材料。"))
            return None
        target = messages.save_file(self, self.tr("另存为"), filetypes.shown_name(row["name"]))
        if target is None:
            return None
        try:
            data = evidence_service.read_bytes(self.desk.ctx.paths, row["sha256"])
            atomic_write_bytes(target, data)
        except Exception as e:
            messages.error(self, e)
            return None
        return target

    def delete_selected(self) -> None:
        row = self.current()
        if row is None:
            self.error.setText(self.tr("请先选中一份材料。"))
            return
        text = self.tr("删除佐证材料：%1").replace("%1", row["name"])
        try:
            self.desk.push(commands.delete(self.desk, "evidence", row["uuid"], text,
                                           self.task_uuid))
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.error.setText(str(e))

