"""The monthly progress report (整改进展情况报告) as a PDF.

Laid out after GB/T 9704 where it applies (red issuing-office line, 二号 title, 三号
body, page numbers, dates without zero padding). The whole report is landscape:
OfficialDocument has one page template per document, and the task table needs the
width (nine columns on a city desk).
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer, Table, TableStyle

from desktop import clock
from desktop.domain import periods
from desktop.domain.lights import Light
from desktop.domain.status import Status
from desktop.exports import charts
from desktop.exports.monthly_data import MonthlyData, monthly_data
from desktop.exports.pdfdoc import (
    OfficialDocument,
    format_date_cn,
    paragraph,
    styles,
)
from desktop.exports.pdfout import (
    CN_ORDINALS,
    deadline_text,
    light_zh,
    percent_text,
    period_cn,
    save_bytes_atomically,
    short_date,
    status_zh,
)
from desktop.exports.textcell import fast_table
from desktop.exports.xlsx_common import ProgressFn
from desktop.i18n import Msg, UserError
from desktop.services.desk import DeskContext
from desktop.services.ledger import TaskRow
from desktop.services.rounds import find_round

NOT_REPORTED = "（本月未报送）"
CLOSED_BEFORE = "已销号，本月无需报送"
RED = colors.Color(0.8, 0.05, 0.05)
ROWS_PER_PAGE_GUESS = 14  # for the progress bar only


def default_period(ctx: DeskContext) -> str:
    """The report due next, as the Excel ledger export chooses it."""
    return periods.next_report(clock.today(), ctx.settings.report_due_day)[0]


def check_period(period: str) -> str:
    if not periods.is_period(period):
        raise UserError(Msg(f"月份“{period}”无效，应为 YYYY-MM，如 2026-10。",
                            f"Invalid month “{period}”: use YYYY-MM, e.g. 2026-10."))
    return period


def report_title(period: str) -> str:
    return f"{period_cn(period)}整改进展情况报告"


def monthly_report_bytes(ctx: DeskContext, period: str | None, *,
                         progress: ProgressFn | None = None, round_ref: str | None = None
                         ) -> bytes:
    """The report as PDF bytes (the monthly packet signs and ships these); of one
    inspection round if ``round_ref`` (an id or a name)."""
    period = check_period(period or default_period(ctx))
    with ctx.store.read() as s:
        round_uuid = find_round(s, round_ref).uuid if round_ref else None
        data = monthly_data(s, issuer=ctx.name, is_city=ctx.is_city, period=period,
                            today=clock.today(), settings=ctx.settings, round_uuid=round_uuid)
    return render(data, progress=progress)


def write_monthly_report(ctx: DeskContext, out: Path, period: str | None = None, *,
                         progress: ProgressFn | None = None, round_ref: str | None = None
                         ) -> Path:
    return save_bytes_atomically(
        monthly_report_bytes(ctx, period, progress=progress, round_ref=round_ref), out)


def render(data: MonthlyData, *, progress: ProgressFn | None = None) -> bytes:
    buffer = BytesIO()
    doc = OfficialDocument(buffer, title=f"{data.issuer}{report_title(data.period)}",
                           issuer=data.issuer, landscape=True,
                           # The issuer heads page 1; a long name here would reach the
                           # centred page number.
                           footer_note=report_title(data.period))
    if progress is not None:
        estimate = 4 + (len(data.rows) + len(data.overdue)) // ROWS_PER_PAGE_GUESS

        def on_progress(kind: str, value: int) -> None:
            if kind == "PAGE":  # the callback may raise Cancelled; reportlab lets it through
                progress(min(value, estimate - 1), estimate)

        doc.setProgressCallBack(on_progress)
    doc.build(_story(data, doc.width / mm))
    if progress is not None:
        progress(1, 1)
    return buffer.getvalue()


# ---------------------------------------------------------------- layout


def _story(data: MonthlyData, width_mm: float) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [*_letterhead(data), *_overview(data)]
    story += _charts(data, width_mm)
    story += [paragraph("二、整改任务本月进展", st.heading), Spacer(1, 2 * mm)]
    rounds = data.rounds
    if len(rounds) > 1:
        # Task numbers repeat from round to round: one table per round, headed by it.
        for i, title in enumerate(rounds):
            rows = [r for r in data.rows if r.round_title == title]
            story += [paragraph(f"（{CN_ORDINALS[i % 10]}）{title}（{len(rows)}项）", st.body),
                      Spacer(1, 1 * mm), _task_table(data, width_mm, rows), Spacer(1, 3 * mm)]
    else:
        story.append(_task_table(data, width_mm, data.rows))
    story += _overdue(data, width_mm)
    story += _petitions(data, width_mm)
    indicators = _indicators(data, width_mm)
    story += indicators
    story += _revisits(data, width_mm, "六" if indicators else "五")
    story += _supervision(data, width_mm, "七" if indicators else "六")
    story += _signature(data)
    return story


def _letterhead(data: MonthlyData) -> list[Flowable]:
    st = styles()
    office = ParagraphStyle("rd-office", parent=st.title, textColor=RED, fontSize=26,
                            leading=34, spaceAfter=2 * mm)
    sub = ParagraphStyle("rd-period", parent=st.subtitle, fontSize=14, leading=22)
    rounds_style = ParagraphStyle("rd-rounds", parent=sub, fontSize=11, leading=14)
    return [
        paragraph(data.issuer, office),
        HRFlowable(width="100%", thickness=1.5, color=RED, spaceBefore=0, spaceAfter=5 * mm),
        paragraph(report_title(data.period), st.title),
        paragraph(f"（报告期：{period_cn(data.period)}；数据截至{format_date_cn(data.today)}）",
                  sub),
        # The round(s) once, under the title (with several, the tables name each), in
        # the room the spacing below gave: the pages break where they did before.
        *([paragraph("督察轮次：" + "；".join(data.rounds), rounds_style), Spacer(1, 1 * mm)]
          if data.rounds else [Spacer(1, 4 * mm)]),
    ]


def _overview(data: MonthlyData) -> list[Flowable]:
    st = styles()
    s, lt = data.by_status, data.by_light
    status_text = "，".join(f"{status_zh(k)}{v}项" for k, v in s.items() if v)
    text = (
        f"截至{format_date_cn(data.today)}，共有整改任务{len(data.rows)}项，其中{status_text}。"
        f"预警情况：红灯（逾期）{lt[Light.RED]}项，黄灯{lt[Light.YELLOW]}项，"
        f"绿灯{lt[Light.GREEN]}项。{period_cn(data.period)}，"
        f"应报送进展{data.expected}项，已报送{data.reported}项；"
        f"通过验收{data.accepted_in_month}项，完成销号{data.closed_in_month}项；"
        f"逾期未完成{len(data.overdue)}项（见第三部分）。"
    )
    return [paragraph("一、总体情况", st.heading), paragraph(text, st.body), Spacer(1, 3 * mm)]


def _figures_table(data: MonthlyData, width_mm: float) -> Table:
    """The summary figures as a small table, so they can be read without the prose."""
    st = styles()
    s, lt = data.by_status, data.by_light
    header = ["任务总数", *(status_zh(k) for k in s), "红灯", "黄灯", "绿灯",
              "本月验收", "本月销号", "逾期"]
    values = [len(data.rows), *s.values(), lt[Light.RED], lt[Light.YELLOW], lt[Light.GREEN],
              data.accepted_in_month, data.closed_in_month, len(data.overdue)]
    table = fast_table(header, [[str(v) for v in values]], [width_mm / len(header)] * len(header))
    centred = ParagraphStyle("rd-cell-centre", parent=st.cell, alignment=TA_CENTER)
    for cell in table._cellvalues[1]:  # see fast_table
        cell.style = centred
    return table


def _charts(data: MonthlyData, width_mm: float) -> list[Flowable]:
    s, lt = data.by_status, data.by_light
    half = width_mm / 2 - 4
    light_keys = [Light.RED, Light.YELLOW, Light.GREEN, Light.NONE]
    light_chart = charts.count_bars(
        "预警灯分布（项）", [light_zh(k) for k in light_keys], [lt[k] for k in light_keys],
        [charts.LIGHT_COLOURS[k] for k in light_keys], width_mm=half, height_mm=42)
    status_keys = [k for k in Status]
    status_chart = charts.count_bars(
        "任务状态分布（项）", [status_zh(k) for k in status_keys], [s[k] for k in status_keys],
        width_mm=half, height_mm=42)
    units = data.by_unit[:24]
    unit_chart = charts.percent_bars(
        "各县（市、区）平均完成率" if data.is_city else "各牵头单位平均完成率",
        [_clip(u[0], 14) for u in units], [u[2] for u in units], width_mm=half, label_mm=48)
    progress = [(f.name, _indicator_progress(f)) for f in data.indicators]
    ind = [(name, p) for name, p in progress if p is not None]
    pair = _side_by_side(light_chart, status_chart, width_mm)
    flow: list[Flowable] = [_figures_table(data, width_mm), Spacer(1, 4 * mm), pair]
    if ind:
        ind_chart = charts.percent_bars(
            "环境质量指标目标完成进度", [_clip(n, 16) for n, _ in ind], [p for _, p in ind],
            width_mm=half, label_mm=56)
        flow += [Spacer(1, 3 * mm), _side_by_side(unit_chart, ind_chart, width_mm)]
    else:
        flow += [Spacer(1, 3 * mm), unit_chart]
    return [*flow, Spacer(1, 5 * mm)]


def _side_by_side(left: Flowable, right: Flowable, width_mm: float) -> Table:
    t = Table([[left, right]], colWidths=[width_mm / 2 * mm] * 2, hAlign="CENTER")
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), styles().cell.fontName),  # not Helvetica
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _clip(text: str, n: int) -> str:
    # Chart labels cannot wrap; the full name is in the tables.
    return text if len(text) <= n else text[: n - 1] + "…"


def _indicator_progress(f: object) -> float | None:
    """Share of the way from baseline to target (works for lower-is-better too)."""
    baseline, target, latest = (getattr(f, k) for k in ("baseline", "target", "latest"))
    if None in (baseline, target, latest) or target == baseline:
        return None
    return max(0.0, (latest - baseline) / (target - baseline) * 100)


def _columns(data: MonthlyData, width_mm: float) -> tuple[list[str], list[float]]:
    if data.is_city:
        header = ["序号", "县（市、区）", "整改任务", "牵头单位", "完成时限", "状态", "预警",
                  "完成率", "本月进展"]
        widths = [12, 26, 48, 30, 21, 19, 16, 15]
    else:
        header = ["序号", "整改任务", "牵头单位", "完成时限", "状态", "预警", "完成率",
                  "本月进展"]
        widths = [12, 56, 34, 21, 19, 16, 15]
    return header, [*widths, width_mm - sum(widths)]


def _task_table(data: MonthlyData, width_mm: float, task_rows: list[TaskRow]) -> Table:
    header, widths = _columns(data, width_mm)
    rows = []
    for r in task_rows:
        p = data.month.get(r.uuid)
        if p is not None:
            narrative, pct = p.narrative, percent_text(p.percent)
        elif r.status == Status.CLOSED_OUT:
            narrative, pct = CLOSED_BEFORE, percent_text(r.percent)
        else:
            narrative, pct = NOT_REPORTED, percent_text(r.percent)
        cells = [str(r.number), r.title, r.lead_unit, deadline_text(r.deadline),
                 status_zh(r.status), light_zh(r.light), pct, narrative]
        if data.is_city:
            cells.insert(1, r.unit_name)
        rows.append(cells)
    return fast_table(header, rows, widths, len(header) - 2)


def _overdue(data: MonthlyData, width_mm: float) -> list[Flowable]:
    st = styles()
    overdue = data.overdue
    out: list[Flowable] = [Spacer(1, 6 * mm), paragraph("三、逾期任务", st.heading)]
    if not overdue:
        return [*out, paragraph("本期无逾期任务。", st.body)]
    header = ["序号", "整改任务", "牵头单位", "原定时限", "现行时限", "逾期天数", "完成率"]
    widths = [12, 0.0, 40, 24, 24, 20, 18]
    several = len(data.rounds) > 1  # then each row names its round
    if data.is_city:
        header.insert(1, "县（市、区）")
        widths.insert(1, 30)
    if several:
        header.insert(1, "督察轮次")
        widths.insert(1, 40)
    widths[header.index("整改任务")] = width_mm - sum(widths)
    rows = []
    for r in overdue:
        cells = [str(r.number), r.title, r.lead_unit, short_date(r.original_deadline),
                 short_date(r.deadline), f"{-(r.days_left or 0)}天", percent_text(r.percent)]
        if data.is_city:
            cells.insert(1, r.unit_name)
        if several:
            cells.insert(1, r.round_title)
        rows.append(cells)
    table = fast_table(header, rows, widths, len(header) - 2, len(header) - 1)
    intro = paragraph(f"超过现行完成时限仍未销号的任务共{len(overdue)}项，按逾期时间排列：",
                      st.body)
    return [*out, intro, Spacer(1, 2 * mm), table]


def _petitions(data: MonthlyData, width_mm: float) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [Spacer(1, 6 * mm), paragraph("四、信访件办理情况", st.heading)]
    groups = data.petitions
    if not groups:
        return [*out, paragraph("本期无交办信访件。", st.body)]
    total = sum(g.total for g in groups)
    done = sum(g.done for g in groups)
    out.append(paragraph(
        f"督察组交办信访件共{total}件，已办结{done}件，正在办理{total - done}件。"
        "按类别统计如下（不含信访人信息）：", st.body))
    header = ["类别", "件数", "属实", "部分属实", "不属实", "未认定", "已办结", "办理中"]
    widths = [width_mm - 7 * 24, *[24.0] * 7]
    rows = [[g.category, str(g.total), *(str(g.substantiated.get(k, 0))
             for k in ("属实", "部分属实", "不属实", "未认定")), str(g.done),
             str(g.total - g.done)] for g in groups]
    rows.append(["合计", str(total), *(str(sum(g.substantiated.get(k, 0) for g in groups))
                 for k in ("属实", "部分属实", "不属实", "未认定")), str(done), str(total - done)])
    out += [Spacer(1, 2 * mm), fast_table(header, rows, widths, *range(1, 8))]
    late = data.petitions_overdue
    if late:
        # Past their due date without a closing date: named like overdue tasks.
        out.append(Spacer(1, 3 * mm))
        out.append(paragraph(f"超过办理期限仍未办结的信访件共{len(late)}件：", st.body))
        head = ["案件编号", "承办单位", "办理期限", "超期天数"]
        cols = [width_mm - 3 * 34, 34.0, 34.0, 34.0]
        out += [Spacer(1, 2 * mm), fast_table(head, [
            [p.case_no, p.unit_name, short_date(p.due_date), f"{p.days_over}天"]
            for p in late], cols, 3)]
    return out


def _revisits(data: MonthlyData, width_mm: float, number: str) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [Spacer(1, 6 * mm), paragraph(f"{number}、回头看", st.heading)]
    rows = data.revisits
    if not rows:
        return [*out, paragraph("近期无到期的回头看。", st.body)]
    late = sum(1 for r in rows if r.overdue)
    out.append(paragraph(f"近期到期的回头看共{len(rows)}次，其中已逾期{late}次：", st.body))
    kinds = {"task": "已销号任务", "petition": "信访件", "ongoing": "长期坚持任务"}
    head = ["对象", "类型", "单位", "计划日期", "状态"]
    cols = [0.0, 28, 30, 24, 24]
    cols[0] = width_mm - sum(cols)
    body = [[r.subject, kinds[r.kind], r.unit_name, short_date(r.due_date),
             f"逾期{-r.days_left}天" if r.overdue else f"还有{r.days_left}天"] for r in rows]
    return [*out, Spacer(1, 2 * mm), fast_table(head, body, cols, 4)]


def _indicators(data: MonthlyData, width_mm: float) -> list[Flowable]:
    st = styles()
    figures = data.indicators
    if not figures:
        return []
    header = ["环境质量指标", "计量单位", "基准值", "目标值", "最新值", "最新月份", "是否达标"]
    widths = [width_mm - 6 * 30, *[30.0] * 6]
    rows = [[f.name, f.unit_of_measure, _num(f.baseline), _num(f.target), _num(f.latest),
             period_cn(f.latest_period) if f.latest_period else "",
             {True: "已达标", False: "未达标", None: ""}[f.met]] for f in figures]
    return [Spacer(1, 6 * mm), paragraph("五、环境质量指标", st.heading), Spacer(1, 2 * mm),
            fast_table(header, rows, widths, 2, 3, 4)]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _supervision(data: MonthlyData, width_mm: float, number: str) -> list[Flowable]:
    """Notices issued and accountability actions taken in the month (none: no section)."""
    if not (data.notices or data.actions):
        return []
    st = styles()
    out: list[Flowable] = [Spacer(1, 6 * mm), paragraph(f"{number}、督办和问责情况", st.heading)]
    if data.notices:
        out += [paragraph(f"本月发出督办单{len(data.notices)}份：", st.body), Spacer(1, 2 * mm),
                fast_table(["督办单号", "单位", "级别", "办理情况"],
                           [list(n) for n in data.notices],
                           [50, width_mm - 50 - 40 - 50, 40, 50])]
    if data.actions:
        out += [Spacer(1, 3 * mm), paragraph(f"本月问责{len(data.actions)}起：", st.body),
                Spacer(1, 2 * mm),
                fast_table(["日期", "单位", "职务、姓名", "问责方式", "依据"],
                           [list(a) for a in data.actions],
                           [28, 36, 40, 36, width_mm - 140])]
    return out


def _signature(data: MonthlyData) -> list[Flowable]:
    st = styles()
    right = ParagraphStyle("rd-sign", parent=st.body, alignment=TA_RIGHT, firstLineIndent=0,
                           rightIndent=4 * st.body.fontSize)
    return [Spacer(1, 10 * mm), KeepTogether([
        paragraph(data.issuer, right), paragraph(format_date_cn(data.today), right)])]
