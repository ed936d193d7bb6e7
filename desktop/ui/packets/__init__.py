"""The 报送 (packets) menu: export, import, keys and trust; for the city also the
completeness matrix, the close-out review queue and the packet history.

The main window calls :func:`install_packet_actions` once; each action opens its own
dialog over the desk context, so nothing here keeps state between uses.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from desktop.services.desk import DeskContext

__all__ = ["install_packet_actions"]


def _opener(window: QMainWindow, make: Callable[[], QDialog]) -> Callable[[], None]:
    def open_dialog() -> None:
        dialog = make()
        dialog.exec()
        dialog.deleteLater()
        # An import or a review may have changed the ledger: let the views reload.
        desk = getattr(window, "desk", None)
        if desk is not None:
            desk.changed.emit("")

    return open_dialog


def install_packet_actions(window: QMainWindow, ctx: DeskContext) -> None:
    """Add the 报送 menu to ``window``'s menu bar."""
    from desktop.ui.packets import city_views
    from desktop.ui.packets.export_dialog import ExportDialog
    from desktop.ui.packets.import_dialog import ImportDialog
    from desktop.ui.packets.trust_dialog import TrustDialog

    parent: QWidget = window
    menu = window.menuBar().addMenu(QCoreApplication.translate("PacketActions", "报送(&P)"))
    entries: list[tuple[str, Callable[[], QDialog]]] = [
        (QCoreApplication.translate("PacketActions", "导出报送包…"),
         lambda: ExportDialog(ctx, parent)),
        (QCoreApplication.translate("PacketActions", "导入报送包…"),
         lambda: ImportDialog(ctx, parent)),
        (QCoreApplication.translate("PacketActions", "密钥与信任…"),
         lambda: TrustDialog(ctx, parent)),
    ]
    if ctx.is_city:
        entries += [
            (QCoreApplication.translate("PacketActions", "报送完整性…"),
             lambda: city_views.completeness_dialog(ctx, parent)),
            (QCoreApplication.translate("PacketActions", "销号与延期审核…"),
             lambda: city_views.review_dialog(ctx, parent)),
            (QCoreApplication.translate("PacketActions", "报送包记录…"),
             lambda: city_views.history_dialog(ctx, parent)),
        ]
    else:
        entries.append((QCoreApplication.translate("PacketActions", "报送包记录…"),
                        lambda: city_views.history_dialog(ctx, parent)))
    for text, make in entries:
        action = QAction(text, window)
        action.triggered.connect(_opener(window, make))
        menu.addAction(action)
