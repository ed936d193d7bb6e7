"""The monthly bulletin (月通报): the summary, the ranking table on figures the city can
verify, the lagging units named, the supervision notices issued and the
accountability actions taken that month.  PDF in the official layout, or a workbook."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import select

from db.models import OrgUnit, SupervisionNotice
from desktop import clock
from desktop.domain import periods
from desktop.domain.supervision import ACTIONS, FIGURES, level_label
from desktop.exports import xlsx_common as xc
from desktop.exports.pdfdoc import OfficialDocument, data_table, format_date_cn, paragraph, styles
from desktop.exports.pdfout import period_cn, save_bytes_atomically
from desktop.exports.supervision_pdf import letterhead
from desktop.exports.xlsx_text import put_text
from desktop.i18n import Msg, UserError
from desktop.services import light_history, ranking
from desktop.services.desk import DeskContext

# The ranking table's figure columns, in order (tasks and closed are shown together).
_COLUMNS = ("red", "red_3m", "late_reports", "returned", "rebounds", "overdue_petitions",
            "overdue_replies", "indicators_off")
LAGGING = 3  # the bottom places named in the text


@dataclass
class BulletinData:
    period: str
    issuer: str
    result: ranking.Ranking
    notices: list[tuple[str, str, str, str]]  # number, unit, level, reply by
    actions: list[tuple[str, str, str, str, str]]  # date, unit, person/post, action, basis

    @property
    def lagging(self) -> list[ranking.UnitRank]:
        units = self.result.units
        worst = {u.unit for u in units[-LAGGING:]} if len(units) > LAGGING else set()
        return [u for u in units if u.unit in worst or u.figures.get("red_3m")]


def collect(ctx: DeskContext, period: str) -> BulletinData:
    result = ctx.ledger.ranking(period).value
    first, end = periods.parse_period(period), light_history.period_end(period)
    with ctx.store.read() as s:
        names = dict(s.execute(select(OrgUnit.code, OrgUnit.name)).all())
        notices = [(n.number, names.get(n.unit_code, n.unit_code), level_label(n.level),
                    format_date_cn(n.reply_by))
                   for n in s.scalars(select(SupervisionNotice).where(
                       SupervisionNotice.issued_on >= first, SupervisionNotice.issued_on <= end)
                       .order_by(SupervisionNotice.seq))]
        actions = [(format_date_cn(a.decided_on), names.get(a.unit_code, a.unit_code),
                    "　".join(x for x in (a.post, a.person) if x), ACTIONS[a.action].zh, a.basis)
                   for a in ranking.actions(s, period)]
    return BulletinData(period, ctx.name, result, notices, actions)


def _change(u: ranking.UnitRank) -> str:
    if u.change is None:
        return "—"
    return f"↑{u.change}" if u.change > 0 else f"↓{-u.change}" if u.change < 0 else "持平"


def title(period: str) -> str:
    return f"生态环境保护督察整改工作通报（{period_cn(period)}）"


def pdf_bytes(data: BulletinData) -> bytes:
    st = styles()
    units = data.result.units
    closed = sum(u.figures["closed"] for u in units)
    applicable = sum(u.figures["applicable"] for u in units)
    red = sum(u.figures["red"] for u in units)
    late = sum(1 for u in units if u.figures["late_reports"])
    buffer = BytesIO()
    doc = OfficialDocument(buffer, title=title(data.period), issuer=data.issuer, landscape=True,
                           footer_note=title(data.period))
    story: list[Flowable] = [
        *letterhead(data.issuer),
        paragraph(title(data.period), st.title),
        paragraph("一、总体情况", st.heading),
        paragraph(
            f"截至{format_date_cn(light_history.period_end(data.period))}，{len(units)}个县（市、区）"
            f"和开发区共承担整改任务{applicable}项，已销号{closed}项，红灯（逾期）{red}项；"
            f"{late}个单位月报逾期或未报送；本月发出督办单{len(data.notices)}份，"
            f"记录问责{len(data.actions)}起。以下排名依据市级掌握的数据（销号、逾期、报送、"
            "退回、反弹、信访、督办回复和指标），不采用各单位自报的完成比例。", st.body),
        paragraph("二、各单位排名", st.heading), Spacer(1, 2 * mm),
        data_table(
            ["名次", "单位", "得分", "较上月", "销号/任务", *[FIGURES[k].zh for k in _COLUMNS]],
            [[str(u.rank), u.unit_name, f"{u.score:.1f}", _change(u),
              f"{u.figures['closed']}/{u.figures['applicable']}",
              *[str(u.figures[k]) for k in _COLUMNS]] for u in units],
            [12, 34, 16, 15, 20, *[20] * len(_COLUMNS)]),
        Spacer(1, 4 * mm),
        paragraph("三、进度滞后的单位", st.heading),
    ]
    lagging = data.lagging
    if lagging:
        story.append(paragraph(
            "、".join(f"{u.unit_name}（第{u.rank}名，红灯{u.figures['red']}项"
                     + (f"，连续红灯{u.figures['red_3m']}项" if u.figures["red_3m"] else "") + "）"
                     for u in lagging)
            + "整改进度滞后，请对照问题清单倒排工期、挂图作战，确保按期完成。", st.body))
    else:
        story.append(paragraph("本月无进度明显滞后的单位。", st.body))
    story.append(paragraph("四、本月督办情况", st.heading))
    if data.notices:
        story += [Spacer(1, 2 * mm), data_table(
            ["督办单号", "督办单位", "督办级别", "回复期限"], [list(n) for n in data.notices],
            [60, 70, 50, 60])]
    else:
        story.append(paragraph("本月未发出督办单。", st.body))
    story.append(paragraph("五、问责情况", st.heading))
    if data.actions:
        story += [Spacer(1, 2 * mm), data_table(
            ["日期", "单位", "职务、姓名", "问责方式", "依据"], [list(a) for a in data.actions],
            [36, 44, 50, 40, 90])]
    else:
        story.append(paragraph("本月无问责。", st.body))
    story += [Spacer(1, 8 * mm), paragraph(f"{data.issuer}　{format_date_cn(clock.today())}",
                                           st.subtitle)]
    doc.build(story)
    return buffer.getvalue()


def workbook(data: BulletinData) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    headers = ["名次", "单位代码", "单位", "得分", "较上月", "任务数", "已销号",
               *[FIGURES[k].zh for k in _COLUMNS]]
    xc.write_header(ws, headers)
    for r, u in enumerate(data.result.units, 2):
        values: list[object] = [u.rank, u.unit, u.unit_name, u.score, _change(u),
                                u.figures["applicable"], u.figures["closed"],
                                *[u.figures[k] for k in _COLUMNS]]
        for c, v in enumerate(values, 1):
            if isinstance(v, str):
                put_text(ws.cell(r, c), v)
            else:
                ws.cell(r, c, v)
    xc.fit_columns(ws, [[h] for h in headers])
    xc.print_setup(ws, title(data.period))
    ws2 = wb.create_sheet("督办")
    xc.write_header(ws2, ["督办单号", "督办单位", "督办级别", "回复期限"])
    for r, n in enumerate(data.notices, 2):
        for c, v in enumerate(n, 1):
            put_text(ws2.cell(r, c), v)
    ws3 = wb.create_sheet("问责")
    xc.write_header(ws3, ["日期", "单位", "职务、姓名", "问责方式", "依据"])
    for r, a in enumerate(data.actions, 2):
        for c, v in enumerate(a, 1):
            put_text(ws3.cell(r, c), v)
    return wb


def write(ctx: DeskContext, period: str, fmt: str, out: Path) -> Path:
    if fmt not in ("pdf", "xlsx"):
        raise UserError(Msg("格式只能是 pdf 或 xlsx。", "Format must be pdf or xlsx."))
    data = collect(ctx, period)
    if fmt == "pdf":
        return save_bytes_atomically(pdf_bytes(data), out)
    xc.save_atomically(workbook(data), Path(out))
    return Path(out)
