"""supervise, ranking, accountability, lights: the city's supervision desk from the
command line (the county replies to notices and reads its own ranking)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop import clock
from desktop.commands.documents import round_arg
from desktop.i18n import tr

# Services load inside the handlers: building the parser must stay cheap
# (tests/cli/test_start_imports.py).


def register(sub: argparse._SubParsersAction) -> None:
    from desktop.commands.documents import _subparsers

    sv = sub.add_parser("supervise", help=tr("督办单：发出、回复、办结、升级",
                                             "supervision notices"))
    ssub = sv.add_subparsers(dest="supervise_command", metavar="ACTION", required=True)
    p = ssub.add_parser("issue", help=tr("发出督办单（市级）", "issue a notice (city)"))
    p.add_argument("--unit", required=True, metavar="CODE")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--task", type=int, metavar="N")
    what.add_argument("--petition", metavar="CASE")
    round_arg(p)
    p.add_argument("--level", required=True,
                   choices=["remind", "supervise", "listed", "interview"])
    p.add_argument("--reply-by", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--text", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_issue)
    p = ssub.add_parser("list", help=tr("督办单及其回复", "notices and their replies"))
    p.add_argument("--unit", metavar="CODE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = ssub.add_parser("reply", help=tr("回复督办单（县级）", "reply to a notice (county)"))
    p.add_argument("notice", metavar="ID", help=tr("督办单号、序号或编号前缀",
                                                   "notice number, sequence or id prefix"))
    p.add_argument("--text", required=True)
    p.add_argument("--measures", default="", help=tr("已采取的措施", "measures taken"))
    p.set_defaults(handler=cmd_reply)
    p = ssub.add_parser("close", help=tr("办结督办单（市级）", "close a notice (city)"))
    p.add_argument("notice", metavar="ID")
    p.set_defaults(handler=cmd_close)
    p = ssub.add_parser("escalate", help=tr("升级督办（市级）", "escalate a notice (city)"))
    p.add_argument("notice", metavar="ID")
    p.add_argument("--reply-by", metavar="YYYY-MM-DD",
                   help=tr("新的回复期限（默认：15天后）", "new reply date (default: in 15 days)"))
    p.add_argument("--text", default="")
    p.set_defaults(handler=cmd_escalate)

    p = sub.add_parser("ranking", help=tr("月度排名（市级核实的数据）", "monthly ranking"))
    p.add_argument("--period", metavar="YYYY-MM",
                   help=tr("月份（默认：上个月）", "month (default: last month)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_ranking)

    acc = sub.add_parser("accountability", help=tr("问责", "accountability"))
    asub = acc.add_subparsers(dest="accountability_command", metavar="ACTION", required=True)
    p = asub.add_parser("candidates", help=tr("按规则列出问责线索", "candidates by rule"))
    p.add_argument("--period", metavar="YYYY-MM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_candidates)
    p = asub.add_parser("add", help=tr("记录问责", "record an action"))
    p.add_argument("--unit", required=True, metavar="CODE")
    p.add_argument("--action", required=True, choices=["interview", "criticism", "admonition",
                                                       "organisational", "discipline",
                                                       "referral"])
    p.add_argument("--basis", required=True)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--person", default="")
    p.add_argument("--post", default="")
    p.add_argument("--document", default="", metavar="NUMBER")
    p.add_argument("--task", type=int, metavar="N")
    round_arg(p)
    p.set_defaults(handler=cmd_accountability_add)
    p = asub.add_parser("list", help=tr("已记录的问责", "actions recorded"))
    p.add_argument("--period", metavar="YYYY-MM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_accountability_list)

    lt = sub.add_parser("lights", help=tr("红黄绿灯历史", "light history"))
    lsub = lt.add_subparsers(dest="lights_command", metavar="ACTION", required=True)
    p = lsub.add_parser("snapshot", help=tr("记录月末红黄绿灯", "keep a month's lights"))
    p.add_argument("--period", metavar="YYYY-MM",
                   help=tr("月份（默认：所有尚未记录的已结束月份）",
                           "month (default: every ended month not kept yet)"))
    p.set_defaults(handler=cmd_snapshot)

    export = _subparsers(sub, "export", tr("导出文档", "export documents"), "export_what")
    p = export.add_parser("supervision", help=tr("督办单 PDF", "a supervision notice PDF"))
    p.add_argument("notice", metavar="ID")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_export_notice)
    p = export.add_parser("bulletin", help=tr("月度通报", "the monthly bulletin"))
    p.add_argument("--period", metavar="YYYY-MM")
    p.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_export_bulletin)


def _period(args: argparse.Namespace) -> str:
    from desktop.domain.periods import is_period
    from desktop.i18n import Msg, UserError
    from desktop.services.light_history import last_ended

    period = getattr(args, "period", None) or last_ended(clock.today())
    if not is_period(period):
        raise UserError(Msg(f"月份应写成 2026-05 这样的格式：{period}",
                            f"Period must look like 2026-05: {period}"))
    return period


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def cmd_issue(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json

    with open_for(args, write=True) as ctx:
        n = ctx.ledger.issue_supervision(
            unit_code=args.unit, level=args.level, text=args.text, reply_by=args.reply_by,
            task_number=args.task, petition_case=args.petition, round_ref=args.round).value
        number, uuid = n.number, n.uuid
    if args.json:
        print_json({"id": uuid, "number": number})
    else:
        _out(tr("已发出{n}（{id}）", "Issued {n} ({id})", n=number, id=uuid[:8]))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.services import supervision

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        unit = args.unit or (None if ctx.is_city else ctx.code)
        rows = supervision.notices(s, clock.today(), unit)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        _out(tr("没有督办单。", "No supervision notices."))
    for r in rows:
        late = tr("【逾期未回复】", "[reply overdue] ") if r.overdue else ""
        about = tr("第{n}号任务", "task {n}", n=r.task_number) if r.task_number else (
            r.petition_case or tr("综合事项", "general"))
        _out(f"{r.id[:8]}  {r.number}  {r.unit_name}  {r.level_label}  {r.status_label}  "
             f"{tr('回复期限', 'reply by')} {r.reply_by}  {about}  {late}")
        for rep in r.replies:
            _out(f"          ↳ {rep['replied_on']} {rep['text'][:60]}")
    return 0


def _notice(ctx: Any, ident: str) -> str:
    from desktop.services import supervision

    with ctx.store.read() as s:
        return supervision.find(s, ident).uuid


def cmd_reply(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        ctx.ledger.reply_supervision(_notice(ctx, args.notice), text=args.text,
                                     measures=args.measures)
    _out(tr("已回复，将随下一期月报包报送市级。",
            "Replied; the reply goes to the city with the next packet."))
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        n = ctx.ledger.close_supervision(_notice(ctx, args.notice)).value
        number = n.number
    _out(tr("已办结{n}", "Closed {n}", n=number))
    return 0


def cmd_escalate(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from desktop.commands.common import open_for

    reply_by = args.reply_by or (clock.today() + timedelta(days=15)).isoformat()
    with open_for(args, write=True) as ctx:
        n = ctx.ledger.escalate_supervision(_notice(ctx, args.notice), reply_by=reply_by,
                                            text=args.text).value
        number, level = n.number, n.level
    from desktop.domain.supervision import level_label

    _out(tr("已升级为{l}：{n}", "Escalated to {l}: {n}", l=level_label(level), n=number))
    return 0


def cmd_ranking(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.domain.supervision import FIGURES
    from desktop.services import ranking

    period = _period(args)
    with open_for(args, write=True) as ctx:
        if not ctx.is_city:
            with ctx.store.read() as s:
                own = ranking.own_entries(s, ctx.code)
            if args.json:
                print_json(own)
            elif not own:
                _out(tr("尚未收到市级的排名。", "No ranking from the city yet."))
            for e in own:
                _out(tr("{p}：第{r}名（共{u}个单位），得分 {s}",
                        "{p}: rank {r} of {u}, score {s}", p=e["period"], r=e["rank"],
                        u=e["units"], s=e["score"]))
            return 0
        result = ctx.ledger.ranking(period).value
    if args.json:  # one object per unit: unit, rank, score and each figure
        print_json([{"period": period, **u.to_json()} for u in result.units])
        return 0
    _out(tr("{p} 各单位排名", "Ranking for {p}", p=period))
    keys = [k for k in FIGURES if k not in ("applicable",)]
    for u in result.units:
        change = "" if u.change is None else (f"↑{u.change}" if u.change > 0 else
                                              f"↓{-u.change}" if u.change < 0 else "—")
        figures = "  ".join(f"{FIGURES[k]}{u.figures[k]}" for k in keys if u.figures[k])
        _out(f"{u.rank:>3}  {u.unit_name}  {u.score:>7.2f}  {change:>3}  "
             f"{tr('任务', 'tasks')}{u.figures['applicable']}  {figures}")
    return 0


def cmd_candidates(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.services import ranking
    from desktop.services.ledger import unit_names

    period = _period(args)
    with open_for(args, write=True) as ctx:
        with ctx.ledger.batch() as s:
            rows = ranking.candidates(s, period, ctx.settings, clock.today())
            names = unit_names(s)
        months = ctx.settings.red_months
    if args.json:
        print_json([{"unit": c.unit_code, "unit_name": names.get(c.unit_code, c.unit_code),
                     "rule": c.rule, "reason": c.reason(months), "detail": c.detail,
                     "task_number": c.task_number} for c in rows])
        return 0
    if not rows:
        _out(tr("没有符合问责规则的单位。", "No unit meets an accountability rule."))
    for c in rows:
        _out(f"{names.get(c.unit_code, c.unit_code)}  【{c.reason(months)}】  {c.detail}")
    return 0


def cmd_accountability_add(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        ctx.ledger.add_accountability(
            unit_code=args.unit, action=args.action, basis=args.basis, decided_on=args.date,
            person=args.person, post=args.post, document_number=args.document,
            task_number=args.task, round_ref=args.round)
    _out(tr("已记录问责。", "Action recorded."))
    return 0


def cmd_accountability_list(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.domain.supervision import ACTIONS
    from desktop.services import ranking

    period = _period(args) if args.period else None
    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        rows = [{"id": a.uuid, "unit": a.unit_code, "person": a.person, "post": a.post,
                 "action": a.action, "action_label": str(ACTIONS[a.action]), "basis": a.basis,
                 "date": a.decided_on.isoformat(), "document_number": a.document_number}
                for a in ranking.actions(s, period)]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        _out(tr("没有问责记录。", "No actions recorded."))
    for r in rows:
        _out(f"{r['date']}  {r['unit']}  {r['person']} {r['post']}  {r['action_label']}  "
             f"{r['document_number']}  {r['basis']}")
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import light_history

    with open_for(args, write=True) as ctx:
        if args.period:
            todo = [_period(args)]
        else:
            with ctx.store.read() as s:
                todo = light_history.missing(s, clock.today())
        for period in todo:
            n = ctx.ledger.take_light_snapshot(period).value
            _out(tr("已记录 {p} 月末红黄绿灯：{n} 项", "Kept {p}: {n} task copies", p=period, n=n))
    if not todo:
        _out(tr("所有已结束的月份都已记录。", "Every ended month is kept already."))
    return 0


def cmd_export_notice(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.exports import supervision_pdf

    with open_for(args, write=False) as ctx:
        out = supervision_pdf.write_notice(ctx, _notice(ctx, args.notice), args.out)
    _out(tr("已导出：{p}", "Written: {p}", p=out))
    return 0


def cmd_export_bulletin(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.exports import bulletin
    from desktop.i18n import Msg, UserError

    period = _period(args)
    with open_for(args, write=True) as ctx:
        if not ctx.is_city:
            raise UserError(Msg("月度通报由市级印发。", "The bulletin is issued by the city."))
        out = bulletin.write(ctx, period, args.format, args.out)
    _out(tr("已导出：{p}", "Written: {p}", p=out))
    return 0
