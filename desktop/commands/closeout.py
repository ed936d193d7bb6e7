"""The close-out procedure from the command line: the county's self-check and request,
the city's acceptance, public notice and objections.  Every step is a method of the
ledger's one door; a refusal names every unmet condition."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.commands.documents import round_arg
from desktop.i18n import tr

if TYPE_CHECKING:
    from desktop.services.desk import DeskContext

# Services are imported inside the handlers: building the parser must stay cheap
# (tests/cli/test_start_imports.py).


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("日期“{t}”无效，应为 YYYY-MM-DD", "invalid date “{t}”, use YYYY-MM-DD", t=text)
        ) from None


def _task_args(p: argparse.ArgumentParser, *, unit_required: bool = False) -> None:
    p.add_argument("task_no", type=int, metavar="TASK_NO")
    p.add_argument("--unit", metavar="CODE", required=unit_required,
                   help=tr("任务所属单位代码（市级台账必填）", "the task's unit code (city desk)"))
    round_arg(p)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selfcheck", help=tr("记录自查意见（县级）", "record the self-check"))
    _task_args(p)
    p.add_argument("--opinion", required=True, help=tr("自查意见", "self-check opinion"))
    p.set_defaults(handler=cmd_selfcheck)

    c = sub.add_parser("closeout", help=tr("销号申请", "close-out request"))
    csub = c.add_subparsers(dest="closeout_command", metavar="ACTION", required=True)
    p = csub.add_parser("request", help=tr("申请销号", "request close-out"))
    _task_args(p)
    p.add_argument("--note", default="", help=tr("申请说明", "note"))
    p.set_defaults(handler=cmd_request)

    p = sub.add_parser("accept", help=tr("记录市级验收", "record the city's acceptance"))
    _task_args(p, unit_required=True)
    p.add_argument("--date", type=_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--inspectors", required=True, help=tr("验收人员", "inspectors"))
    p.add_argument("--opinion", required=True, help=tr("验收意见", "opinion"))
    p.add_argument("--method", choices=["onsite", "desk"], default="onsite",
                   help=tr("现场核查或资料审核", "on-site check or desk review"))
    p.add_argument("--fail", action="store_true", help=tr("验收不通过", "acceptance failed"))
    p.add_argument("--reasons", default="", help=tr("不通过的理由", "reasons it failed"))
    p.set_defaults(handler=cmd_accept)

    n = sub.add_parser("notice", help=tr("销号公示", "public notice before close-out"))
    nsub = n.add_subparsers(dest="notice_command", metavar="ACTION", required=True)
    p = nsub.add_parser("start", help=tr("开始公示", "start the notice"))
    _task_args(p, unit_required=True)
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help=tr("公示开始日期（默认今天）", "first day (default today)"))
    p.add_argument("--contact", default="", help=tr("异议受理单位及联系方式", "where to object"))
    p.set_defaults(handler=cmd_notice_start)
    p = nsub.add_parser("objection", help=tr("记录或处理公示异议",
                                             "record or resolve an objection"))
    _task_args(p, unit_required=True)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--text", help=tr("异议内容", "the objection"))
    what.add_argument("--resolve", metavar="ID", help=tr("要处理的异议编号", "objection id"))
    p.add_argument("--handling", default="", help=tr("处理情况", "how it was handled"))
    p.set_defaults(handler=cmd_objection)

    p = sub.add_parser("revisits", help=tr("到期和逾期的回头看（任务与信访件）",
                                           "revisits due and overdue (tasks and petitions)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_revisits)

    from desktop.commands.documents import _subparsers

    export = _subparsers(sub, "export", tr("导出文档", "export documents"), "export_what")
    p = export.add_parser("notice", help=tr("导出销号公示（PDF，不含个人信息）",
                                            "export the close-out notice (PDF, no personal data)"))
    p.add_argument("task_no", type=int, metavar="TASK_NO", nargs="?")
    p.add_argument("--unit", metavar="CODE", help=tr("任务所属单位代码", "the task's unit code"))
    round_arg(p)
    p.add_argument("--week", action="store_true",
                   help=tr("本周开始公示的全部任务", "every task whose notice starts this week"))
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help=tr("与 --week 同用：该日所在的一周", "with --week: the week of this day"))
    p.add_argument("--out", required=True, metavar="FILE", type=Path)
    p.set_defaults(handler=cmd_export_notice)


def _find(ctx: DeskContext, s: Any, args: argparse.Namespace) -> Any:
    from desktop.services.certificates import find_task

    return find_task(s, args.task_no, args.unit or (ctx.code if ctx.role != "city" else None),
                     args.round)


def _out(zh: str, en: str, **kw: Any) -> None:
    sys.stdout.write(tr(zh, en, **kw) + "\n")


def cmd_selfcheck(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx, ctx.ledger.batch() as s:
        task = _find(ctx, s, args)
        done = ctx.ledger.self_check(task.uuid, opinion=args.opinion)
        _out("已记录自查：第 {n} 号任务，{d}", "Self-check recorded: task {n}, {d}",
             n=task.number, d=done.value.checked_on)
    return 0


def cmd_request(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx, ctx.ledger.batch() as s:
        task = _find(ctx, s, args)
        done = ctx.ledger.request_closeout(task.uuid, requested_by=ctx.name, note=args.note)
        _out("已申请销号：第 {n} 号任务，{d}", "Close-out requested: task {n}, {d}",
             n=task.number, d=done.value.requested_on)  # type: ignore[attr-defined]
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx, ctx.ledger.batch() as s:
        task = _find(ctx, s, args)
        ctx.ledger.record_city_acceptance(
            task.uuid, accepted_on=args.date, inspectors=args.inspectors, opinion=args.opinion,
            passed=not args.fail, method=args.method, reasons=args.reasons)
        if args.fail:
            _out("市级验收未通过，已退回：第 {n} 号任务（{u}）",
                 "City acceptance failed, request returned: task {n} ({u})",
                 n=task.number, u=task.unit_code)
        else:
            _out("市级验收通过：第 {n} 号任务（{u}），{d}",
                 "City acceptance passed: task {n} ({u}), {d}",
                 n=task.number, u=task.unit_code, d=args.date)
    return 0


def cmd_notice_start(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx, ctx.ledger.batch() as s:
        task = _find(ctx, s, args)
        notice = ctx.ledger.start_notice(task.uuid, starts_on=args.date,
                                         contact=args.contact).value
        _out("已开始公示：第 {n} 号任务（{u}），{a} 至 {b}",
             "Notice started: task {n} ({u}), {a} to {b}",
             n=task.number, u=task.unit_code, a=notice.starts_on, b=notice.ends_on)
    return 0


def cmd_objection(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import procedure

    with open_for(args, write=True) as ctx, ctx.ledger.batch() as s:
        task = _find(ctx, s, args)
        if args.resolve:
            obj = procedure.find_objection(s, task.uuid, args.resolve)
            ctx.ledger.resolve_objection(obj.uuid, handling=args.handling)
            _out("异议已处理：{i}", "Objection resolved: {i}", i=obj.uuid[:8])
        else:
            obj = ctx.ledger.record_objection(task.uuid, text=args.text).value
            s.flush()
            _out("已记录异议：{i}（处理时用 --resolve {i}）",
                 "Objection recorded: {i} (resolve with --resolve {i})", i=obj.uuid[:8])
    return 0


def cmd_export_notice(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.i18n import Msg, UserError

    if (args.task_no is None) == (not args.week):
        raise UserError(Msg("请给出任务编号，或用 --week 导出本周开始公示的全部任务。",
                            "Give a task number, or --week for every notice starting this week."))
    with open_for(args, write=False) as ctx:
        from desktop.exports import notice_pdf

        if args.week:
            _path, count = notice_pdf.write_week_notice(ctx, args.out, day=args.date)
            _out("本周公示 {n} 项任务。", "{n} task(s) in this week's notice.", n=count)
        else:
            notice_pdf.write_notice(ctx, args.task_no, args.out, unit=args.unit,
                                    round_ref=args.round)
    _out("已导出：{f}", "Exported: {f}", f=args.out)
    return 0


def cmd_revisits(args: argparse.Namespace) -> int:
    from desktop import clock
    from desktop.commands.common import open_for, print_json
    from desktop.services import revisit_plan

    today = clock.today()
    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        rows = revisit_plan.due_revisits(s, today, ctx.settings,
                                         None if ctx.role == "city" else ctx.code)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        _out("近期没有到期的回头看。", "No revisits due.")
    kinds = {"task": tr("任务", "task"), "petition": tr("信访件", "petition"),
             "ongoing": tr("长期坚持", "long-running")}
    for r in rows:
        when = (tr("逾期 {n} 天", "{n} days overdue", n=-r.days_left) if r.overdue
                else tr("还有 {n} 天", "in {n} days", n=r.days_left))
        sys.stdout.write(f"{r.due_date}  {when}  {kinds[r.kind]}  {r.unit_name}  {r.subject}\n")
    return 0
