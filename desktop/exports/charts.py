"""Bar charts for the PDF reports (reportlab.graphics: vector, no PIL, no Qt).

Every label is drawn in the registered CJK font: reportlab's charts default to
Helvetica, which has no Chinese glyphs and would also be referenced unembedded.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from desktop.exports.fonts import register_pdf_fonts

LIGHT_COLOURS = {
    "red": colors.Color(0.84, 0.19, 0.15),
    "yellow": colors.Color(0.96, 0.73, 0.13),
    "green": colors.Color(0.30, 0.65, 0.32),
    "none": colors.Color(0.55, 0.55, 0.55),
}
BAR_BLUE = colors.Color(0.22, 0.42, 0.69)
LABEL_SIZE = 8.5


def _drawing(width_mm: float, height_mm: float, title: str) -> Drawing:
    font = register_pdf_fonts().body
    d = Drawing(width_mm * mm, height_mm * mm)
    d.initialFontName = font  # the renderer's first setFont; keep it an embedded font
    d.add(String(width_mm * mm / 2, height_mm * mm - 11, title, fontName=font, fontSize=10.5,
                 textAnchor="middle"))
    return d


def _style_axes(chart: VerticalBarChart | HorizontalBarChart) -> None:
    font = register_pdf_fonts().body
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = font
        axis.labels.fontSize = LABEL_SIZE
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabelFormat = "%d"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    chart.valueAxis.forceZero = True


def count_bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    bar_colours: Sequence[colors.Color] | None = None,
    *,
    width_mm: float = 120,
    height_mm: float = 62,
) -> Drawing:
    """A vertical bar per category with its count on top (lights, statuses)."""
    d = _drawing(width_mm, height_mm, title)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 10 * mm
    chart.width, chart.height = (width_mm - 16) * mm, (height_mm - 22) * mm
    chart.data = [list(values)]
    chart.categoryAxis.categoryNames = list(labels)
    _style_axes(chart)
    chart.barLabels.nudge = 6
    chart.valueAxis.valueMax = max([*values, 1]) * 1.2  # room for the count above a bar
    chart.bars[0].fillColor = BAR_BLUE
    chart.bars.strokeColor = None
    for i, colour in enumerate(bar_colours or ()):
        chart.bars[(0, i)].fillColor = colour
    d.add(chart)
    return d


def percent_bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    width_mm: float = 120,
    row_mm: float = 6.0,
    label_mm: float = 42,
    maximum: float = 100,
) -> Drawing:
    """Horizontal bars of percentages, one row per label, first label on top."""
    height_mm = max(len(labels), 1) * row_mm + 24
    d = _drawing(width_mm, height_mm, title)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_mm * mm, 9 * mm
    chart.width, chart.height = (width_mm - label_mm - 10) * mm, (height_mm - 21) * mm
    # HorizontalBarChart draws the first category at the bottom; reverse for reading order.
    chart.data = [[min(v, maximum) for v in reversed(values)]]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    _style_axes(chart)
    chart.barLabelFormat = "%.0f%%"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.valueAxis.valueMax = maximum
    chart.valueAxis.valueStep = maximum / 5
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars[0].fillColor = BAR_BLUE
    chart.bars.strokeColor = None
    chart.barWidth = 4
    d.add(chart)
    return d
