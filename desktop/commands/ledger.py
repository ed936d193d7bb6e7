"""init, demo, status and tasks: setting up a desk and reading its ledger."""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from desktop import clock
from desktop.domain.lights import LABELS as LIGHT_LABELS
from desktop.domain.lights import Light
from desktop.domain.settings import DeskSettings
from desktop.domain.status import LABELS as STATUS_LABELS
from desktop.domain.status import Status
from desktop.i18n import language, tr

# Services (and with them SQLAlchemy) are imported inside the handlers: building the
# parser must stay cheap (tests/cli/test_start_imports.py).

T = TypeVar("T")


def _read_ledger(args: argparse.Namespace,
                 fn: Callable[[sqlite3.Connection, DeskSettings], T]) -> tuple[T, dict[str, Any]]:
    """``fn`` over one read snapshot of the ledger, and the desk it belongs to.

    A ledger at the current schema is read with plain sqlite3, as the window's first
    frame is: no SQLAlchemy, a tenth of the time.  Anything else (no ledger, an older
    or newer schema, a damaged file) takes the full open, which upgrades or explains."""
    from desktop import paths
    from desktop.commands.common import home, open_for
    from desktop.services import desk_peek

    look = desk_peek.peek(paths.DeskPaths(home(args)))
    if look is not None:
        try:
            value = desk_peek.in_snapshot(look.conn, lambda conn: fn(conn, look.settings))
        finally:
            look.close()
        return value, _described(look)
    with open_for(args, write=False) as ctx, ctx.store.read_raw() as conn:
        value = fn(conn, ctx.settings)
    return value, _described(ctx)


def _described(desk: Any) -> dict[str, Any]:
    """A desk (a peek or the full context) as status --json shows it."""
    return {"code": desk.code, "name": desk.name, "role": desk.role, "demo": desk.demo}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help=tr("建立一个空台账", "create an empty ledger"))
    p.add_argument("--role", required=True, choices=["county", "city"])
    p.add_argument("--code", required=True, help=tr("单位代码", "unit code"))
    p.add_argument("--name", required=True, help=tr("单位名称", "unit name"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser(
        "demo", help=tr("在空文件夹中建立演示台账", "fill an empty folder with a demo ledger")
    )
    p.add_argument("--role", default="county", choices=["county", "city"])
    p.add_argument("--code", help=tr("县级单位代码（默认 130602 竞秀区）", "county code"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("status", help=tr("台账概况", "ledger summary"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--round", metavar="ID", help=tr("只看某督察轮次（编号或名称）",
                                                    "only this inspection round (id or name)"))
    p.set_defaults(handler=cmd_status)

    tasks = sub.add_parser("tasks", help=tr("整改任务", "rectification tasks"))
    tsub = tasks.add_subparsers(dest="tasks_command", metavar="ACTION", required=True)
    p = tsub.add_parser("list", help=tr("列出任务", "list tasks"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--light", choices=[lt.value for lt in Light])
    p.add_argument("--status", type=_status, metavar="STATUS", help=tr(
        "状态：" + "、".join(f"{STATUS_LABELS[s].zh}（{s.value}）" for s in Status),
        "status: " + ", ".join(f"{s.value} ({STATUS_LABELS[s].en})" for s in Status)))
    p.add_argument("--unit", help=tr("只看某单位", "only this unit"))
    p.add_argument("--round", metavar="ID", help=tr("只看某督察轮次（编号或名称）",
                                                    "only this inspection round (id or name)"))
    p.add_argument("--withdrawn", action="store_true", help=tr(
        "JSON 也列出不再适用的任务（标明 withdrawn 理由；文本输出总是以“不再适用”列出）",
        "JSON also lists the tasks that no longer apply (with the withdrawn reason; "
        "the text always lists them as “no longer applies”)"))
    p.set_defaults(handler=cmd_tasks_list)


def _status(text: str) -> str:
    """A status by its code or by its label in either language (整改中, in_progress)."""
    wanted = text.strip().casefold()
    for status in Status:
        label = STATUS_LABELS[status]
        if wanted in (status.value, label.zh.casefold(), label.en.casefold()):
            return status.value
    raise argparse.ArgumentTypeError(tr(
        "没有“{t}”这个状态；可选：{c}", "no status “{t}”; choose from: {c}", t=text,
        c="、".join(f"{STATUS_LABELS[s]}" for s in Status)))


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.commands.common import home
    from desktop.services.desk import init_desk

    with init_desk(home(args), args.role, args.code, args.name) as ctx:
        print(
            tr(
                "已建立台账：{n}（{c}，{r}）\n数据文件夹：{h}",
                "Ledger created: {n} ({c}, {r})\nData folder: {h}",
                n=ctx.name,
                c=ctx.code,
                r=ctx.role,
                h=ctx.paths.home,
            )
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.commands.common import home
    from desktop.services import demo, ledger

    start = time.perf_counter()
    with (
        demo.build_demo(home(args), args.role, args.code, clock.today()) as ctx,
        ctx.store.read() as s,
    ):
        total = ledger.summary(s, clock.today(), ctx.settings)["tasks_total"]
    print(
        tr(
            "已建立演示台账：{n}，{t} 项任务（用时 {s:.1f} 秒）\n数据文件夹：{h}",
            "Demo ledger created: {n}, {t} tasks ({s:.1f} s)\nData folder: {h}",
            n=ctx.name,
            t=total,
            s=time.perf_counter() - start,
            h=ctx.paths.home,
        )
    )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from desktop.commands.common import print_json
    from desktop.domain.plan import round_title
    from desktop.services import ledger_rows

    today = clock.today()
    data, desk = _read_ledger(
        args, lambda conn, settings: ledger_rows.summary(
            conn, today, settings, _round_filter(conn, args)))
    data["desk"] = desk
    if args.json:
        print_json(data)
        return 0
    out = sys.stdout
    out.write(f"{desk['name']}（{desk['code']}）  {tr('今天', 'today')} {today.isoformat()}\n")
    if data.get("round"):
        held = data["round"]
        out.write(tr("督察轮次：{r}\n", "Inspection round: {r}\n",
                     r=round_title(held["name"], held["kind"], language())))
    out.write(tr("任务总数：{n}\n", "Tasks: {n}\n", n=data["tasks_total"]))
    if len(data["by_round"]) > 1:
        out.write(tr("按督察轮次：", "By round: ")
                  + "，".join(f"{round_title(r['name'], r['kind'], language())} {r['tasks']}"
                            for r in data["by_round"]) + "\n")
    out.write(
        tr("按状态：", "By status: ")
        + "，".join(f"{STATUS_LABELS[Status(k)]} {v}" for k, v in data["by_status"].items() if v)
        + "\n"
    )
    out.write(
        tr("按预警：", "By light: ")
        + "，".join(f"{LIGHT_LABELS[Light(k)]} {v}" for k, v in data["by_light"].items())
        + "\n"
    )
    nr = data["next_report"]
    out.write(
        tr(
            "下一期月报：{p}，{d} 截止（还有 {n} 天）\n",
            "Next report: {p}, due {d} ({n} {days})\n",
            p=nr["period"],
            d=nr["due"],
            n=nr["days_left"],
            days=_days(nr["days_left"]),
        )
    )
    if data["overdue"]:
        out.write(tr("逾期任务：\n", "Overdue tasks:\n"))
        for o in data["overdue"][:20]:
            out.write(
                f"  {o['number']:>3}  {o['unit']}  {o['title']}  "
                + (f"（{o['round_name']}）  " if len(data["by_round"]) > 1 else "")
                + tr("逾期 {d} 天", "{d} {days} overdue", d=o["days_overdue"],
                     days=_days(o["days_overdue"]))
                + "\n"
            )
        if len(data["overdue"]) > 20:
            out.write(tr("  …… 共 {n} 项\n", "  … {n} in all\n", n=len(data["overdue"])))
    return 0


def _round_filter(conn: sqlite3.Connection, args: argparse.Namespace) -> str | None:
    from desktop.services import ledger_rows

    return ledger_rows.find_round(conn, args.round) if args.round else None


def _days(n: int) -> str:
    """English "1 day", "2 days" (the Chinese says 天 either way)."""
    return "day" if abs(n) == 1 else "days"


def cmd_tasks_list(args: argparse.Namespace) -> int:
    from desktop.commands.common import print_json
    from desktop.domain.plan import round_title
    from desktop.services import ledger_rows

    today = clock.today()
    rows, _desk = _read_ledger(args, lambda conn, settings: ledger_rows.task_rows(
        conn, today, settings, light_filter=args.light, status_filter=args.status,
        unit_filter=args.unit, round_filter=_round_filter(conn, args), withdrawn=True))
    if args.json:
        # The tasks that apply, as scripts count them; a withdrawn copy (kept for its
        # records) only when asked, saying why in "withdrawn" ("" for the others).
        print_json([r.to_json() for r in rows if args.withdrawn or not r.withdrawn])
        return 0
    if not rows:
        sys.stdout.write(tr("没有符合条件的任务。\n", "No tasks match.\n"))
    # With several rounds a bare number is ambiguous: each row names its round.
    several = len({r.round_id for r in rows}) > 1
    for r in rows:
        dl = r.deadline.isoformat() if r.deadline else tr("长期坚持", "ongoing")
        where = f"{round_title(r.round_name, r.round_kind, language())}  " if several else ""
        if r.withdrawn:  # kept for its records: no light, not one of the unit's tasks
            sys.stdout.write(f"{where}{r.number:>3}  —  {tr('不再适用', 'no longer applies')}  "
                             f"{dl}  {r.unit_name}  {r.title}  〔{r.withdrawn}〕\n")
            continue
        sys.stdout.write(
            f"{where}{r.number:>3}  {LIGHT_LABELS[Light(r.light)]}  "
            f"{STATUS_LABELS[Status(r.status)]}  {dl}  {r.unit_name}  {r.title}\n"
        )
    return 0
