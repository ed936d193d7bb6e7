"""round, unit, catalogue and extension: the city sets up its plan, a county asks for
more time.  Every change goes through the door (services/door.py)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.i18n import Msg, UserError, tr

# Services are imported inside the handlers: building the parser must stay cheap
# (tests/cli/test_start_imports.py).

ROUND_KINDS = ("central", "provincial", "special", "local")
UNIT_KINDS = ("county", "zone", "department")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("日期“{t}”无效，应为 YYYY-MM-DD", "invalid date “{t}”, use YYYY-MM-DD", t=text)
        ) from None


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("round", help=tr("督察轮次（市级）", "inspection rounds (city)"))
    rsub = r.add_subparsers(dest="round_command", metavar="ACTION", required=True)
    p = rsub.add_parser("add", help=tr("登记督察轮次", "add an inspection round"))
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, choices=ROUND_KINDS)
    p.add_argument("--feedback-date", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--onsite", nargs=2, type=_date, metavar=("FROM", "TO"))
    p.add_argument("--team", default="")
    p.add_argument("--plan-issued", type=_date, metavar="YYYY-MM-DD",
                   help=tr("整改方案印发日期（“立行立改”即此日）", "plan issue date"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_round_add)
    p = rsub.add_parser("list", help=tr("列出督察轮次", "list rounds"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_round_list)

    u = sub.add_parser("unit", help=tr("所辖单位（市级）", "the city's units"))
    usub = u.add_subparsers(dest="unit_command", metavar="ACTION", required=True)
    p = usub.add_parser("add", help=tr("登记单位", "add a unit"))
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, choices=UNIT_KINDS)
    p.add_argument("--short", default="", help=tr("简称（方案中的写法）", "short name"))
    p.set_defaults(handler=cmd_unit_add)
    p = usub.add_parser("rename", help=tr("修改单位名称（记录不变）", "rename a unit"))
    p.add_argument("code")
    p.add_argument("--name", required=True)
    p.add_argument("--short")
    p.set_defaults(handler=cmd_unit_rename)
    p = usub.add_parser("list", help=tr("列出单位", "list units"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_unit_list)

    c = sub.add_parser("catalogue", help=tr("整改任务清单（市级）", "the task catalogue"))
    csub = c.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)
    p = csub.add_parser("import", help=tr("导入任务清单工作簿（默认只预览）",
                                          "import the plan's task list (dry run)"))
    p.add_argument("file", type=Path)
    p.add_argument("--round", required=True, metavar="ID")
    p.add_argument("--apply", action="store_true", help=tr("确认写入", "write the changes"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_catalogue_import)
    p = csub.add_parser("export", help=tr("导出任务清单", "write the task list"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--template", action="store_true", help=tr("只写表头", "header only"))
    p.add_argument("--round", metavar="ID")
    p.set_defaults(handler=cmd_catalogue_export)

    for action in ("add", "edit"):
        adding = action == "add"
        p = csub.add_parser(action, help=tr("新增一项任务", "add a task") if adding else tr(
            "修改一项任务（只改给出的项）", "edit a task (only the fields given)"))
        if adding:
            p.add_argument("--round", required=True, metavar="ID")
            p.add_argument("--number", required=True, metavar="N")
            p.add_argument("--problem", required=True, metavar="TEXT",
                           help=tr("督察反馈的问题", "the problem as fed back"))
            p.add_argument("--target", default=None, metavar="TEXT")
        else:
            p.add_argument("number", metavar="NUMBER")
            p.add_argument("--round", metavar="ID", help=tr("只有一个轮次时可省略",
                                                            "optional with one round"))
            p.add_argument("--problem", metavar="TEXT")
            p.add_argument("--target", metavar="TEXT")
        p.add_argument("--title", metavar="TEXT", help=tr("任务名称（默认取问题首句）",
                                                          "short name"))
        p.add_argument("--measure", action="append", metavar="TEXT",
                       help=tr("整改措施，每项一个（可多次）", "a measure (repeat)"))
        p.add_argument("--lead", metavar="UNIT", help=tr("牵头单位", "lead unit"))
        p.add_argument("--responsible", action="append", metavar="UNIT",
                       help=tr("责任单位（可多次）", "responsible unit (repeat)"))
        p.add_argument("--official", metavar="TEXT", help=tr("责任人", "lead official"))
        p.add_argument("--category", metavar="TEXT", help=tr("类别", "category"))
        due = p.add_mutually_exclusive_group()
        due.add_argument("--deadline", metavar="YYYY-MM-DD",
                         help=tr("整改时限（也可写 2021年6月底前 等）", "deadline"))
        due.add_argument("--ongoing", action="store_true", help=tr("长期坚持", "ongoing"))
        which = p.add_mutually_exclusive_group()
        which.add_argument("--units", metavar="CODE,...",
                           help=tr("适用单位代码，逗号分隔", "applicable units"))
        which.add_argument("--all-units", action="store_true",
                           help=tr("适用于所有报送单位", "every reporting unit"))
        p.set_defaults(handler=cmd_catalogue_save, adding=adding)

    e = sub.add_parser("extension", help=tr("延期申请", "extension requests"))
    esub = e.add_subparsers(dest="extension_command", metavar="ACTION", required=True)
    p = esub.add_parser("request", help=tr("申请延期（县级）", "request an extension"))
    p.add_argument("task", type=int, metavar="TASK_NO")
    p.add_argument("--until", required=True, type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--reason", required=True)
    p.add_argument("--round", metavar="ID")
    p.set_defaults(handler=cmd_extension_request)

    p = sub.add_parser("plan", help=tr("按任务看各单位的整改情况（市级）",
                                       "the plan: each task over its units"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_plan)

    i = sub.add_parser("indicator", help=tr("环境指标", "indicators"))
    isub = i.add_subparsers(dest="indicator_command", metavar="ACTION", required=True)
    p = isub.add_parser("define", help=tr("定义或修改指标（市级）", "define an indicator"))
    p.add_argument("code")
    p.add_argument("--name", required=True)
    p.add_argument("--uom", default="", help=tr("计量单位", "unit of measure"))
    p.add_argument("--direction", required=True, choices=["lower", "higher"],
                   help=tr("越低越好或越高越好", "lower or higher is better"))
    p.add_argument("--target", type=float, help=tr("年度目标", "annual target"))
    p.add_argument("--relative", type=float, metavar="PCT",
                   help=tr("较上年变化目标（%%，如 -3.5）", "change on last year, %% (-3.5)"))
    p.add_argument("--aggregation", default="city", choices=["city", "sum", "ratio"])
    p.add_argument("--of", nargs=2, metavar=("NUM", "DEN"), default=[])
    p.add_argument("--units", default="", help=tr("报送单位代码，逗号分隔", "reporting units"))
    p.set_defaults(handler=cmd_indicator_define)
    p = isub.add_parser("set", help=tr("填报某月的指标数值", "enter a month's value"))
    p.add_argument("code")
    p.add_argument("--period", required=True, metavar="YYYY-MM")
    p.add_argument("--value", required=True, type=float)
    p.add_argument("--unit", metavar="CODE")
    p.set_defaults(handler=cmd_indicator_set)
    p = isub.add_parser("list", help=tr("指标与判断", "indicators, judged"))
    p.add_argument("--period", metavar="YYYY-MM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_indicator_list)

    g = sub.add_parser("progress", help=tr("月度整改进展", "monthly progress"))
    gsub = g.add_subparsers(dest="progress_command", metavar="ACTION", required=True)
    p = gsub.add_parser("set", help=tr("填写一项任务某月的进展", "record a task's month"))
    p.add_argument("task", type=int, metavar="TASK_NO")
    p.add_argument("--period", required=True, metavar="YYYY-MM")
    p.add_argument("--percent", required=True, type=float)
    p.add_argument("--text", required=True, help=tr("进展情况", "what was done"))
    p.add_argument("--round", metavar="ID")
    p.set_defaults(handler=cmd_progress_set)


def _print_json(obj: object) -> None:
    from desktop.commands.common import print_json

    print_json(obj)


def cmd_round_add(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        r = ctx.ledger.add_round(
            name=args.name, kind=args.kind, feedback_date=args.feedback_date,
            onsite=tuple(args.onsite) if args.onsite else None, team=args.team,
            plan_issued=args.plan_issued).value
        rid, name = r.uuid, r.name
    if args.json:
        _print_json({"id": rid, "name": name, "kind": args.kind})
    else:
        print(tr("已登记督察轮次：{n}（编号 {i}）", "Round added: {n} (id {i})", n=name, i=rid))
    return 0


def cmd_round_list(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import rounds

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        rows = rounds.list_rounds(s)
    if args.json:
        _print_json([r.__dict__ for r in rows])
        return 0
    if not rows:
        print(tr("还没有督察轮次。", "No inspection rounds yet."))
    for r in rows:
        print(f"{r.id[:8]}  {r.kind:<10}  {r.feedback_date or ''!s:<10}  {r.name}")
    return 0


def cmd_unit_add(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        ctx.ledger.add_unit(code=args.code, name=args.name, kind=args.kind,
                            short_name=args.short)
    print(tr("已登记单位：{c} {n}", "Unit added: {c} {n}", c=args.code, n=args.name))
    return 0


def cmd_unit_rename(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        ctx.ledger.rename_unit(args.code, name=args.name, short_name=args.short)
    print(tr("已改名：{c} {n}（记录不变）", "Renamed: {c} {n}", c=args.code, n=args.name))
    return 0


def cmd_unit_list(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import rounds

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        rows = rounds.list_units(s)
    if args.json:
        _print_json([u.__dict__ for u in rows])
        return 0
    if not rows:
        print(tr("还没有登记单位。", "No units yet."))
    for u in rows:
        short = f"（{u.short_name}）" if u.short_name else ""
        print(f"{u.code:<10} {u.kind:<10} {u.name}{short}")
    return 0


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.exports import catalogue

    with open_for(args, write=args.apply) as ctx:
        try:
            plan = (catalogue.apply_catalogue(ctx, args.file, args.round) if args.apply
                    else catalogue.plan_catalogue(ctx, args.file, args.round))
        except catalogue.CatalogueRejected as e:
            if args.json:
                _print_json(e.plan.to_json())
            raise
    if args.json:
        _print_json(plan.to_json())
        return 0 if plan.ok else 1
    for row in plan.rows:
        what = {"new": tr("新增", "new"), "changed": tr("修改", "changed"),
                "unchanged": tr("不变", "unchanged"), "refused": tr("拒绝", "refused")}[row.action]
        extra = "、".join(sorted(row.changes)) if row.changes else ""
        units = len(row.entry.units) if row.entry else 0
        print(f"{row.sheet} {row.row:>3}  {row.number or '':>3}  {what}  "
              + tr("{u} 个单位", "{u} units", u=units) + (f"  {extra}" if extra else ""))
        for err in row.errors:
            print(f"    {err}")
    for err in plan.errors:
        print(err)
    for note in plan.notes:
        print(note)
    summary = tr("新增 {n}，修改 {c}，不变 {u}，拒绝 {r}。",
                 "new {n}, changed {c}, unchanged {u}, refused {r}.",
                 n=plan.count("new"), c=plan.count("changed"), u=plan.count("unchanged"),
                 r=plan.count("refused"))
    if not plan.ok:
        raise UserError(Msg(f"{summary}任务清单有问题，未导入任何内容。",
                            f"{summary} Nothing was imported."))
    tail = tr("已写入。", "Written.") if args.apply else tr(
        "这是预览，未写入；确认无误后加 --apply。", "Dry run: nothing written; add --apply.")
    print(summary + tail)
    return 0


def cmd_catalogue_export(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.exports import catalogue

    with open_for(args, write=False) as ctx:
        n = catalogue.export_catalogue(ctx, args.out, template=args.template,
                                       round_ref=args.round)
    print(tr("已导出 {n} 项任务：{f}", "{n} tasks written: {f}", n=n, f=args.out))
    return 0


def cmd_catalogue_save(args: argparse.Namespace) -> int:
    """catalogue add / edit: the fields given, by the import's rules, through the door."""
    from desktop.commands.common import open_for
    from desktop.domain.plan import deadline_text
    from desktop.services import catalogue, rounds

    def given(name: str) -> bool:
        return getattr(args, name, None) is not None

    with open_for(args, write=True) as ctx:
        ctx.ledger.require_city(Msg("编制整改任务清单", "edit the task catalogue"))
        with ctx.store.read() as s:
            if args.round:
                round_uuid = rounds.find_round(s, args.round).uuid
            else:
                found = rounds.list_rounds(s)
                if len(found) != 1:
                    raise UserError(Msg("请用 --round 指明督察轮次（rectdesk round list）。",
                                        "Name the round with --round (rectdesk round list)."))
                round_uuid = found[0].id
            old = None
            if not args.adding:
                try:
                    number = int(args.number)
                except ValueError:
                    raise UserError(Msg(f"序号“{args.number}”应为正整数",
                                        f"“{args.number}” is not a number")) from None
                old = catalogue.entry_of(s, round_uuid, number)
                if old is None:
                    raise UserError(Msg(f"本轮没有第 {args.number} 号任务",
                                        f"The round has no task {args.number}"))
            units = [u.strip() for u in (args.units or "").split(",") if u.strip()]
            if args.deadline is not None:
                deadline, ongoing = args.deadline, False
            elif args.ongoing:
                deadline, ongoing = None, True
            elif old is not None:
                deadline = deadline_text(old.deadline) if old.deadline.on else None
                ongoing = old.deadline.ongoing
            else:
                deadline, ongoing = None, False
            feedback = args.problem if given("problem") else (old.feedback if old else "")
            # A title made from the problem follows a new problem.
            title = args.title if given("title") else (
                old.title if old and old.title != catalogue.title_of(old.feedback) else "")
            entry = catalogue.build_entry(
                s, round_uuid, number=args.number, feedback=feedback,
                target=args.target if given("target") else (old.target if old else ""),
                measures=args.measure if given("measure") else (
                    old.measures.split("\n") if old else []),
                lead=args.lead if given("lead") else (old.lead_unit_code if old else ""),
                responsible=args.responsible if given("responsible") else (
                    list(old.responsible_units) if old else []),
                lead_official=args.official if given("official") else (
                    old.lead_official if old else ""),
                deadline=deadline, ongoing=ongoing,
                category=args.category if given("category") else (old.category if old else ""),
                units=units or ([] if args.all_units or not old or given("responsible")
                                or given("lead") else list(old.units)),
                all_units=args.all_units, title=title)
        saved = ctx.ledger.save_catalogue_task(round_uuid, entry, new=args.adding).value
        kept, withdrawn = list(saved.kept), list(saved.withdrawn)
    if not saved and not withdrawn:
        print(tr("第 {n} 号任务没有变化。", "Task {n}: nothing changed.", n=entry.number))
        return 0
    print(tr("已保存第 {n} 号任务：{u} 个单位", "Task {n} saved: {u} units", n=entry.number,
             u=len(entry.units)))
    for unit in withdrawn:
        print(tr("  {u} 不再适用，已撤回", "  {u} no longer applies: withdrawn", u=unit))
    for msg in kept:
        print(f"  {msg}")
    return 0


def cmd_extension_request(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        ext = ctx.ledger.request_extension(args.task, until=args.until, reason=args.reason,
                                           round_uuid=args.round).value
        ext_id = ext.uuid
    print(tr("已申请延期：第 {t} 号任务延至 {d}（申请编号 {i}），随下一个报送包报市级审核。",
             "Extension requested: task {t} until {d} (id {i}); it goes to the city in the "
             "next packet.", t=args.task, d=args.until.isoformat(), i=ext_id[:8]))
    return 0


def _task_uuid(ctx: object, number: int, round_ref: str | None) -> str:
    from desktop.services import extensions

    with ctx.store.read() as s:  # type: ignore[attr-defined]
        return extensions.find_task(s, ctx.code, number, round_ref).uuid  # type: ignore[attr-defined]


def cmd_progress_set(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        task = _task_uuid(ctx, args.task, args.round)
        ctx.ledger.save_progress(task, args.period, {"percent": args.percent,
                                                     "narrative": args.text})
    print(tr("已记录第 {t} 号任务 {p} 的进展：{c}%", "Progress of task {t} for {p}: {c}%",
             t=args.task, p=args.period, c=f"{args.percent:g}"))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from desktop import clock
    from desktop.commands.ledger import _read_ledger
    from desktop.services import ledger_rows
    from desktop.services import plan as plan_view

    today = clock.today()
    rows, _desk = _read_ledger(args, lambda conn, settings: ledger_rows.task_rows(
        conn, today, settings))
    tasks = plan_view.plan(rows)
    if args.json:
        _print_json([t.to_json() for t in tasks])
        return 0
    if not tasks:
        print(tr("还没有整改任务。", "No tasks yet."))
    names = {"red": tr("红", "red"), "yellow": tr("黄", "yellow"), "green": tr("绿", "green"),
             "none": tr("销号", "closed")}
    for t in tasks:
        j = t.to_json()
        lights = " ".join(f"{names[k]}{v}" for k, v in j["by_light"].items())
        print(f"{t.number:>3}  " + tr("{n} 个单位", "{n} units", n=j["units"])
              + f"  {lights}  {t.title}")
    return 0


def cmd_indicator_define(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        ctx.ledger.define_indicator(
            code=args.code, name=args.name, unit_of_measure=args.uom,
            higher_is_better=args.direction == "higher", target=args.target,
            relative_target=args.relative, aggregation=args.aggregation, ratio_of=args.of,
            reporting_units=[u.strip() for u in args.units.split(",") if u.strip()])
    print(tr("已保存指标：{c} {n}", "Indicator saved: {c} {n}", c=args.code, n=args.name))
    return 0


def cmd_indicator_set(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=True) as ctx:
        ctx.ledger.set_indicator_value(args.code, args.period, args.value, args.unit)
    print(tr("已填报 {c} {p}：{v:g}", "{c} {p}: {v:g}", c=args.code, p=args.period,
             v=args.value))
    return 0


def cmd_indicator_list(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import indicators

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        rows = indicators.listing(s, args.period, ctx.code)
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print(tr("还没有定义指标。", "No indicators yet."))
    for r in rows:
        def f(v: object) -> str:
            return "—" if v is None else f"{v:.4g}"
        trend = {True: tr("好于上年同期", "better than last year"),
                 False: tr("差于上年同期", "worse than last year"), None: ""}[r["better"]]
        target = {True: tr("年累计达标", "year to date on target"),
                  False: tr("年累计未达标", "year to date off target"), None: ""}[r["on_target"]]
        print(f"{r['code']:<10} {r['name']}  {r['period'] or ''}  {f(r['value'])}"
              f"{r['unit_of_measure']}  {trend}  {tr('年累计', 'YTD')} {f(r['ytd'])}  {target}")
    return 0
