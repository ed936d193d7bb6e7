"""petition: cases handed over by the city and handled by the county, from the command
line (the same door methods as the petitions view)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from desktop.i18n import tr

# Services are imported inside the handlers (tests/cli/test_start_imports.py).


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("日期“{t}”无效，应为 YYYY-MM-DD", "invalid date “{t}”, use YYYY-MM-DD", t=text)
        ) from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("petition", help=tr("信访件交办与办理", "petitions: hand-over and handling"))
    psub = p.add_subparsers(dest="petition_command", metavar="ACTION", required=True)
    r = psub.add_parser("register", help=tr("登记信访件", "register a petition"))
    r.add_argument("case_no", metavar="CASE_NO")
    r.add_argument("--content", required=True, help=tr("反映问题", "what it reports"))
    r.add_argument("--received", type=_date, metavar="YYYY-MM-DD", help=tr("受理日期", "received"))
    r.add_argument("--location", default="", help=tr("地点", "location"))
    r.add_argument("--category", default="", help=tr("类别", "category"))
    r.set_defaults(handler=cmd_register)

    h = psub.add_parser("handover", help=tr("市级交办给县级单位", "city hands a case over"))
    h.add_argument("case_no", metavar="CASE_NO")
    h.add_argument("--to", required=True, metavar="CODE", help=tr("承办单位代码", "unit code"))
    h.add_argument("--due", required=True, type=_date, metavar="YYYY-MM-DD",
                   help=tr("办理期限", "due date"))
    h.set_defaults(handler=cmd_handover)

    d = psub.add_parser("handle", help=tr("记录办理情况（承办单位）", "record the handling"))
    d.add_argument("case_no", metavar="CASE_NO")
    d.add_argument("--substantiated", choices=["属实", "部分属实", "不属实"])
    d.add_argument("--result", help=tr("办理结果", "handling result"))
    d.add_argument("--close", action="store_true", help=tr("办结（日期见 --date）", "close it"))
    d.add_argument("--reply", help=tr("答复举报人的内容", "reply to the complainant"))
    d.add_argument("--follow-up", choices=["满意", "基本满意", "不满意"],
                   help=tr("回访结果：举报人满意度", "follow-up call: satisfaction"))
    d.add_argument("--repeat-of", metavar="CASE_NO", help=tr("重复件的前件编号",
                                                              "the earlier case it repeats"))
    d.add_argument("--similar-found", type=int, metavar="N", help=tr("举一反三：发现同类问题数",
                                                                      "similar problems found"))
    d.add_argument("--similar-fixed", type=int, metavar="N", help=tr("举一反三：已整改数",
                                                                      "similar problems fixed"))
    d.add_argument("--similar-note", help=tr("举一反三情况说明", "what was done"))
    d.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help=tr("办结、答复或回访的日期（默认今天）", "date (default today)"))
    d.set_defaults(handler=cmd_handle)

    o = psub.add_parser("overdue", help=tr("超期未办结的信访件", "cases past their due date"))
    o.add_argument("--json", action="store_true")
    o.set_defaults(handler=cmd_overdue)


def cmd_register(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    values: dict[str, Any] = {"case_no": args.case_no, "content": args.content,
                              "location": args.location, "category": args.category}
    if args.received:
        values["received_date"] = args.received
    with open_for(args, write=True) as ctx:
        ctx.ledger.register_petition(values)
    sys.stdout.write(tr("已登记：{c}\n", "Registered: {c}\n", c=args.case_no))
    return 0


def cmd_handover(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import petition_cases

    with open_for(args, write=True) as ctx, ctx.ledger.batch() as s:
        p = petition_cases.find(s, args.case_no)
        ctx.ledger.handover_petition(p.uuid, to=args.to, due=args.due)
        sys.stdout.write(tr("已交办：{c} → {u}，办理期限 {d}\n",
                            "Handed over: {c} → {u}, due {d}\n",
                            c=p.case_no, u=args.to, d=args.due))
    return 0


def cmd_handle(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.i18n import Msg, UserError
    from desktop.services import petition_cases

    changes: dict[str, Any] = {}
    for name in ("substantiated", "result", "reply", "repeat_of", "similar_found",
                 "similar_fixed", "similar_note"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    with open_for(args, write=True) as ctx, ctx.ledger.batch() as s:
        on = args.date or ctx.ledger.today
        if args.close:
            changes["closed_on"] = on
        if args.reply is not None:
            changes["replied_on"] = on
        if args.follow_up is not None:
            changes["satisfaction"], changes["follow_up_on"] = args.follow_up, on
        if not changes:
            raise UserError(Msg("没有要记录的办理情况。", "Nothing to record."))
        p = petition_cases.find(s, args.case_no)
        ctx.ledger.handle_petition(p.uuid, changes)
        sys.stdout.write(tr("已记录办理情况：{c}\n", "Handling recorded: {c}\n", c=p.case_no))
    return 0


def cmd_overdue(args: argparse.Namespace) -> int:
    from desktop import clock
    from desktop.commands.common import open_for, print_json
    from desktop.services import petition_cases

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        rows = petition_cases.overdue(s, clock.today(),
                                      None if ctx.role == "city" else ctx.code)
    if args.json:
        print_json([r.__dict__ for r in rows])
        return 0
    if not rows:
        sys.stdout.write(tr("没有超期未办结的信访件。\n", "No overdue petitions.\n"))
    for r in rows:
        sys.stdout.write(tr("{c}  {u}  期限 {d}  已超期 {n} 天\n",
                            "{c}  {u}  due {d}  {n} days over\n", c=r.case_no,
                            u=r.unit_name, d=r.due_date, n=r.days_over))
    return 0
