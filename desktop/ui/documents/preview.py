"""A document preview inside the program (QtPdf), with Print and Save as.

The PDF is held as bytes (the exports build documents in memory); printing renders each
page with QPdfDocument.render at the printer's resolution into QPrinter's painter, so
what is printed is what the preview shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.exports.pdfout import save_bytes_atomically
from desktop.ui import messages

PDF_FILTER = "PDF (*.pdf)"


class PdfPreviewDialog(QDialog):
    """Shows ``pdf``; ``on_printed`` is called after a print job was sent (for the
    audit of certificate prints); extra buttons can be added with :meth:`add_button`."""

    def __init__(self, pdf: bytes, title: str, suggested_name: str,
                 parent: QWidget | None = None, *,
                 on_printed: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.suggested_name = suggested_name
        self.on_printed = on_printed
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.buttons = QDialogButtonBox(self)
        self.print_button = self.add_button(self.tr("打印…"), self.print_document)
        self.save_button = self.add_button(self.tr("另存为…"), self.save_as)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(64 * em, 48 * em)
        self._buffer: QBuffer | None = None
        self.set_pdf(pdf)

    def add_button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def set_pdf(self, pdf: bytes) -> None:
        """Show other bytes (e.g. the issued certificate after its draft)."""
        self.pdf = pdf
        self.document.close()
        # QPdfDocument reads lazily from the device: keep buffer and bytes alive.
        self._data = QByteArray(pdf)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def save_as(self) -> Path | None:
        path = messages.save_file(self, self.tr("另存为"), self.suggested_name, PDF_FILTER)
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            save_bytes_atomically(self.pdf, path)
        except Exception as e:  # shown in the clerk's words, with details to copy
            messages.error(self, e)
            return None
        messages.saved(self, path)  # say where it went: saving used to be silent
        return path

    def print_document(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.render_to(printer)
        if self.on_printed is not None:
            self.on_printed()
        return True

    def render_to(self, printer: QPrinter) -> None:
        first, last = printer.fromPage(), printer.toPage()
        pages = range(self.page_count)
        if first and last:  # a page range chosen in the dialog (1-based)
            pages = range(first - 1, min(last, self.page_count))
        painter = QPainter()
        if not painter.begin(printer):
            messages.error(self, self.tr("无法开始打印，请检查打印机。"))
            return
        try:
            dpi = printer.resolution()
            for n, index in enumerate(pages):
                if n:
                    printer.newPage()
                self._paint_page(painter, printer, index, dpi)
        finally:
            painter.end()

    def _paint_page(self, painter: QPainter, printer: QPrinter, index: int, dpi: int) -> None:
        points = self.document.pagePointSize(index)
        size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
        image = self.document.render(index, size)
        target = printer.pageLayout().paintRectPixels(dpi)
        # Fit the page into the printable area, keeping its proportions, centred.
        scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (target.width() - scaled.width()) // 2
        y = (target.height() - scaled.height()) // 2
        painter.drawImage(QRect(x, y, scaled.width(), scaled.height()), image)
