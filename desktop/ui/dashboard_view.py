"""The dashboard: counts by status and light, progress by unit, deadlines over the
next 90 days and indicators against their targets."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.domain.lights import LABELS as LIGHT_LABELS
from desktop.domain.lights import Light
from desktop.domain.status import Status
from desktop.domain.status import label as status_label
from desktop.services.reporting import Dashboard, dashboard
from desktop.ui.charts import Bar, BarChart, ColumnChart
from desktop.ui.desk import Desk
from desktop.ui.style import LIGHT_COLOURS

MAX_UNITS = 12


class DashboardView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.data: Dashboard | None = None
        self.total = QLabel(self)
        self.status_chart = BarChart(self.tr("按状态"), self)
        self.light_chart = BarChart(self.tr("按预警"), self)
        self.unit_chart = BarChart(self.tr("各牵头单位平均完成比例"), self)
        self.deadline_chart = ColumnChart(self.tr("未来90天到期任务（按周）"), self)
        self.indicator_chart = BarChart(self.tr("指标：最新值与目标（竖线为目标）"), self)
        inner = QWidget(self)
        grid = QGridLayout(inner)
        grid.addWidget(self.total, 0, 0, 1, 2)
        grid.addWidget(self.status_chart, 1, 0)
        grid.addWidget(self.light_chart, 1, 1)
        grid.addWidget(self.unit_chart, 2, 0)
        grid.addWidget(self.deadline_chart, 2, 1)
        grid.addWidget(self.indicator_chart, 3, 0, 1, 2)
        grid.setRowStretch(4, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        desk.reload_on_change(self, self.reload, when=self.isVisible)

    def showEvent(self, event: object) -> None:
        self.reload()

    def reload(self) -> None:
        desk = self.desk
        d = self.data = desk.fetch(lambda s: dashboard(s, desk.today, desk.ctx.settings))
        self.total.setText(self.tr("任务总数：%1").replace("%1", str(d.total)))
        self.status_chart.set_bars([
            Bar(status_label(s), d.by_status[s.value], str(d.by_status[s.value]))
            for s in Status
        ])
        self.light_chart.set_bars([
            Bar(str(LIGHT_LABELS[lt]), d.by_light[lt.value], str(d.by_light[lt.value]),
                LIGHT_COLOURS[lt.value])
            for lt in Light
        ])
        self.unit_chart.title = (self.tr("各县（市、区）平均完成比例") if d.by_unit_kind == "keeper"
                                 else self.tr("各牵头单位平均完成比例"))
        self.unit_chart.set_bars([
            Bar(name, mean, self.tr("%1%（%2 项）").replace("%1", f"{mean:.0f}")
                .replace("%2", str(n)))
            for name, n, mean, _closed in d.by_unit[:MAX_UNITS]
        ], maximum=100)
        self.deadline_chart.set_columns([(f"{w.month}/{w.day}", n) for w, n in d.deadlines])
        bars = []
        for ind in d.indicators:
            if ind.latest is None or ind.target is None:
                continue
            colour = LIGHT_COLOURS["green" if ind.met else "yellow"]
            text = self.tr("%1 / 目标 %2 %3").replace("%1", f"{ind.latest:g}") \
                .replace("%2", f"{ind.target:g}").replace("%3", ind.unit_of_measure)
            # Share of the target reached, so different units fit one scale.
            share = (ind.latest / ind.target * 100) if ind.higher_is_better else (
                ind.target / ind.latest * 100 if ind.latest else 0)
            bars.append(Bar(ind.name, share, text, colour, marker=100))
        self.indicator_chart.set_bars(bars, maximum=120)
