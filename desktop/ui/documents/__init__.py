"""Documents in the window: preview (QtPdf), print, save, and the 文档 menu."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from desktop.services.desk import DeskContext
from desktop.ui.documents.actions import DocumentActions


def install_document_actions(window: QMainWindow, ctx: DeskContext) -> None:
    """Add the 文档 menu to ``window`` (the main window calls this once)."""
    actions = DocumentActions(window, ctx)
    actions.install()
    # The menu's slots live on this object; keep it as long as the window.
    window.document_actions = actions  # type: ignore[attr-defined]
