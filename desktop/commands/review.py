"""review: the city's close-out queue from the command line (the same use cases as
the review window), so the city office can script its monthly round."""

from __future__ import annotations

import argparse
import sys

from desktop.i18n import Msg, UserError, tr

# Services are imported inside the handlers: building the parser must stay cheap
# (tests/cli/test_start_imports.py).


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("review", help=tr("市级审核销号申请", "city review of close-out requests"))
    rsub = r.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    p = rsub.add_parser("list", help=tr("待审核的销号申请", "pending close-out requests"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = rsub.add_parser("approve", help=tr("批准销号", "approve a close-out"))
    p.add_argument(
        "request",
        help=tr("申请编号（list 中的前 8 位即可）", "request id (8-char prefix is enough)"),
    )
    p.add_argument("--by", default="", help=tr("审核人", "decided by"))
    p.add_argument("--json", action="store_true",
                   help=tr("以 JSON 输出分配的销号编号", "print the allocated number as JSON"))
    p.set_defaults(handler=cmd_decide, approved=True)
    p = rsub.add_parser("return", help=tr("退回整改", "return for rework"))
    p.add_argument("request")
    p.add_argument("--reasons", required=True, help=tr("退回理由", "reasons"))
    p.add_argument("--by", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_decide, approved=False)
    # Extension requests are decided with the same two commands (dispatched by kind).


def _city_only(role: str) -> None:
    if role != "city":
        raise UserError(
            Msg("只有市级台账可以审核销号申请。", "Only the city desk reviews close-outs.")
        )


def cmd_list(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.services import review

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        _city_only(ctx.role)
        rows = review.pending_items(s)
        several_rounds = review.round_count(s) > 1
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        sys.stdout.write(tr("没有待审核的申请。\n", "No pending requests.\n"))
    kinds = {"closeout": tr("销号", "close-out"), "extension": tr("延期", "extension")}
    for r in rows:
        extra = (f"  {r['previous_deadline'] or tr('长期坚持', 'ongoing')} → {r['new_deadline']}"
                 if r["kind"] == "extension" else "")
        # A task number is ambiguous across rounds; a one-round desk keeps its layout.
        round_name = f"{r['round_name']}  " if several_rounds else ""
        sys.stdout.write(f"{r['id'][:8]}  {kinds[r['kind']]}  {r['requested_on']}  "
                         f"{round_name}{r['unit_name']}  {r['number']:>3}  {r['title']}{extra}\n")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import review

    with open_for(args, write=True) as ctx:
        _city_only(ctx.role)
        with ctx.ledger.batch() as s:
            matches = [
                r for r in review.pending_items(s) if r["id"].startswith(args.request.strip())
            ]
            if len(matches) != 1:
                raise UserError(
                    Msg(
                        f"找不到唯一的待审核申请“{args.request}”（匹配 {len(matches)} 条）。",
                        f"No single pending request “{args.request}” ({len(matches)} match).",
                    )
                )
            req = matches[0]
            if req["kind"] == "extension":
                ctx.ledger.decide_extension(
                    req["id"], approved=args.approved,
                    note=getattr(args, "reasons", "") or "", approver=args.by)
                number = ""
            else:
                done = ctx.ledger.decide_closeout(
                    req["id"],
                    approved=args.approved,
                    reasons=getattr(args, "reasons", "") or "",
                    decided_by=args.by,
                )
                number = done.value.closeout_number  # type: ignore[attr-defined]
    if args.json:
        from desktop.commands.common import print_json

        print_json({"id": req["id"], "kind": req["kind"], "approved": args.approved,
                    "number": number, "task_number": req["number"],
                    "unit_code": req["unit_code"]})
        return 0
    if req["kind"] == "extension":
        verb = (tr("已批准延期（至 {d}）", "Extension approved (until {d})", d=req["new_deadline"])
                if args.approved else tr("已退回延期申请", "Extension returned"))
    else:
        verb = tr("已批准销号", "Approved") if args.approved else tr("已退回", "Returned")
    tail = f"  {number}" if number else ""
    sys.stdout.write(f"{verb}：{req['unit_name']} {req['number']} {req['title']}{tail}\n")
    return 0
