"""Draw the program's icon (no downloaded artwork): a teal tile with a white ledger
sheet, a tick, and the character 整 in the bundled WenQuanYi font.

Run from the repository root: ``QT_QPA_PLATFORM=offscreen .venv/bin/python
packaging/icons/make_icons.py``; writes rectdesk-48.png, rectdesk-256.png and
rectdesk.ico next to this file (committed, so a build does not need to run this).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPen

HERE = Path(__file__).resolve().parent
FONT = HERE.parents[1] / "resources" / "fonts" / "WenQuanYiMicroHei.ttf"


def draw(px: int, family: str) -> QImage:
    img = QImage(px, px, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = px / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#0f766e"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(52 * s, 36 * s, 152 * s, 184 * s), 14 * s, 14 * s)
    p.setPen(QPen(QColor("#94a3b8"), max(1.0, 6 * s)))
    for y in (150, 178):
        p.drawLine(QPointF(76 * s, y * s), QPointF(180 * s, y * s))
    font = QFont(family)
    font.setPixelSize(int(96 * s))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("#0f766e"))
    p.drawText(QRectF(52 * s, 34 * s, 152 * s, 112 * s), Qt.AlignmentFlag.AlignCenter, "整")
    pen = QPen(QColor("#f59e0b"), 22 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.drawPolyline([QPointF(150 * s, 196 * s), QPointF(176 * s, 222 * s),
                    QPointF(226 * s, 160 * s)])
    p.end()
    return img


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(FONT)))
    name = family[0] if family else "sans-serif"
    for px in (48, 256):
        draw(px, name).save(str(HERE / f"rectdesk-{px}.png"))
    draw(256, name).save(str(HERE / "rectdesk.ico"), "ICO")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
