"""export, import and certificate: the documents a desk hands out and takes back.

PDF documents come from modules another part of the program provides
(desktop.exports.monthly_report, .disclosure_pdf, .certificate); until one exists
its command says so plainly instead of failing with a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import clock
from desktop.domain.periods import is_period
from desktop.i18n import Msg, UserError, tr

if TYPE_CHECKING:
    from desktop.exports import excel_import

# The document modules pull in openpyxl and reportlab, the desk SQLAlchemy; they are
# imported inside the handlers so that every other command (and the window) starts
# without them (tests/cli/test_start_imports.py).


def _subparsers(sub: argparse._SubParsersAction, name: str,
                help_text: str, dest: str) -> argparse._SubParsersAction:
    """The ACTION level under ``name``, shared with other modules that register, e.g.,
    ``export packet``: the first to register creates it, the others add to it."""
    parser = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help_text)
        actions = parser.add_subparsers(dest=dest, metavar="WHAT", required=True)
        parser.set_defaults(_actions=actions)
        return actions
    return parser.get_default("_actions")


def round_arg(p: argparse.ArgumentParser) -> None:
    """``--round``: task numbers are unique only within an inspection round."""
    p.add_argument("--round", metavar="ID", help=tr(
        "督察轮次（编号或名称；台账中有多个轮次时必填）",
        "the inspection round (id or name; needed when the ledger holds several)"))


def register(sub: argparse._SubParsersAction) -> None:
    export = _subparsers(sub, "export", tr("导出文档", "export documents"), "export_what")
    p = export.add_parser("ledger", help=tr("导出台账（Excel 或 PDF 月报）",
                                            "export the ledger (Excel, or the PDF report)"))
    p.add_argument("--format", choices=["xlsx", "pdf"], default="xlsx")
    p.add_argument("--out", required=True, metavar="FILE", type=Path)
    p.add_argument("--period", metavar="YYYY-MM",
                   help=tr("月份（默认：下一期月报的月份）",
                           "month (default: the report due next)"))
    p.add_argument("--no-personal", action="store_true",
                   help=tr("不含举报人个人信息", "leave out complainants' personal data"))
    p.add_argument("--round", metavar="ID", help=tr("只导出某督察轮次的任务（编号或名称）",
                                                    "only this inspection round (id or name)"))
    p.set_defaults(handler=cmd_export_ledger)

    p = export.add_parser("disclosure", help=tr("导出公示（不含个人信息）",
                                                "export the public notice (no personal data)"))
    p.add_argument("--format", choices=["xlsx", "pdf"], default="xlsx")
    p.add_argument("--out", required=True, metavar="FILE", type=Path)
    p.add_argument("--round", metavar="ID", help=tr("只公示某督察轮次的任务（编号或名称）",
                                                    "only this inspection round (id or name)"))
    p.set_defaults(handler=cmd_export_disclosure)

    imp = _subparsers(sub, "import", tr("导入文档", "import documents"), "import_what")
    p = imp.add_parser("ledger", help=tr("导入修改过的台账工作簿（默认只检查）",
                                         "import an edited ledger workbook (dry run by default)"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--apply", action="store_true", help=tr("执行导入", "apply the changes"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", type=Path, metavar="OUT.xlsx",
                   help=tr("把检查结果另存为 Excel", "save the check as a workbook"))
    p.set_defaults(handler=cmd_import_ledger)

    # ---- certificate: the PDF engineer owns desktop.exports.certificate -------------
    p = sub.add_parser("certificate", help=tr("打印销号证明", "print a close-out certificate"))
    p.add_argument("task_no", type=int, metavar="TASK_NO")
    p.add_argument("--out", required=True, metavar="FILE", type=Path)
    p.add_argument("--draft", action="store_true", help=tr("预览稿（带“草稿”水印）",
                                                           "preview with a draft (草稿) watermark"))
    p.add_argument("--unit", metavar="CODE", help=tr(
        "县级单位代码（市级台账上每个县都有同号任务，须指定）",
        "county-level unit code (needed on a city desk, where every county has the task)"))
    round_arg(p)
    p.add_argument("--reason", default="", help=tr(
        "打印理由，记入审计日志（如：补发、存档）", "why it is printed; goes to the audit log"))
    p.set_defaults(handler=cmd_certificate)
    # ---- end certificate ------------------------------------------------------------


def _period(args: argparse.Namespace) -> str | None:
    if args.period is not None and not is_period(args.period):
        raise UserError(Msg(f"月份“{args.period}”无效，应写成 2026-05 这样的格式。",
                            f"Invalid month “{args.period}”; use YYYY-MM."))
    return args.period


def cmd_export_ledger(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    period = _period(args)
    with open_for(args, write=False) as ctx:
        if args.format == "pdf":
            from desktop.exports.monthly_report import write_monthly_report

            write_monthly_report(ctx, args.out, period, round_ref=args.round)
        else:
            from desktop.exports.excel_ledger import export_ledger

            result = export_ledger(ctx, args.out, period, include_personal=not args.no_personal,
                                   round_ref=args.round)
            for w in result.warnings:
                sys.stderr.write(f"{w}\n")
    sys.stdout.write(tr("已导出：{f}\n", "Exported: {f}\n", f=args.out))
    return 0


def cmd_export_disclosure(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=False) as ctx:
        if args.format == "pdf":
            from desktop.exports.disclosure_pdf import write_disclosure_pdf

            write_disclosure_pdf(ctx, args.out, round_ref=args.round)
        else:
            from desktop.exports.disclosure_xlsx import export_disclosure

            export_disclosure(ctx, args.out, round_ref=args.round)
    sys.stdout.write(tr("已导出：{f}\n", "Exported: {f}\n", f=args.out))
    return 0


def cmd_certificate(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for

    with open_for(args, write=not args.draft) as ctx:
        from desktop.exports.certificate import write_certificate

        issued = write_certificate(ctx, args.task_no, args.out, draft=args.draft,
                                       unit=args.unit, reason=args.reason,
                                       round_ref=args.round)
    if issued is not None:
        sys.stdout.write(tr("{what}：{n}（第 {k} 次打印）\n", "{what}: {n} (print {k})\n",
                            what=tr("重新打印", "Re-printed") if issued.reprint
                            else tr("已出具", "Issued"), n=issued.number, k=issued.prints))
    sys.stdout.write(tr("已生成：{f}\n", "Written: {f}\n", f=args.out))
    return 0


def cmd_import_ledger(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.exports import excel_import
    from desktop.exports.import_report import write_report

    rejected: excel_import.ImportRejected | None = None
    with open_for(args, write=args.apply) as ctx:
        if args.apply:
            try:
                plan = excel_import.apply_import(ctx, args.file)
            except excel_import.ImportRejected as e:
                plan, rejected = e.plan, e
        else:
            plan = excel_import.plan_import(ctx, args.file)
    if args.report:
        write_report(plan, args.report, clock.today())
    if args.json:
        data = plan.to_json()
        data["applied"] = bool(args.apply and rejected is None)
        print_json(data)
    else:
        _print_plan(plan)
    if rejected is not None:
        sys.stderr.write(f"{rejected}\n")
        return 1
    if not plan.ok:  # a dry run that found errors: "rejected" is exit code 1 (README)
        n = plan.counts()[excel_import.REJECTED] + len(plan.problems)
        sys.stderr.write(tr("有 {n} 处错误，台账未做任何改动。请改正后重新检查。\n",
                            "{n} error(s); nothing was changed. Correct them and check "
                            "again.\n", n=n))
        return 1
    if args.json:
        pass  # the JSON says it all ("applied"), and must stay parseable
    elif args.apply:
        sys.stdout.write(tr("已导入。\n", "Imported.\n"))
    else:
        sys.stdout.write(tr("这是检查（试运行），台账未做任何改动；确认无误后加 --apply 导入。\n",
                            "This was a dry run; nothing changed. Add --apply to import.\n"))
    return 0


def _print_plan(plan: excel_import.ImportPlan) -> None:
    from desktop.exports import excel_import

    out = sys.stdout
    c = plan.counts()
    out.write(tr("新增 {n} 行，修改 {c} 行，未变 {u} 行，拒绝 {r} 行\n",
                 "{n} new, {c} changed, {u} unchanged, {r} rejected\n",
                 n=c["new"], c=c["changed"], u=c["unchanged"], r=c["rejected"]))
    for m in plan.problems:
        out.write(f"✗ {m}\n")
    for r in plan.rows:
        if r.kind == excel_import.REJECTED:
            for m in r.errors:
                out.write(f"✗ {m}\n")
        elif r.kind == excel_import.NEW:
            values = "，".join("{}：{}".format(*_labelled(r.table, k, v))
                              for k, v in r.values.items())
            out.write(tr("+ {s} 第 {n} 行 新增：{v}\n", "+ {s} row {n} new: {v}\n",
                         s=r.sheet, n=r.row, v=values))
        elif r.kind == excel_import.CHANGED:
            for ch in r.changes:
                _f, old = _labelled(r.table, ch.field, ch.old)
                _f, new = _labelled(r.table, ch.field, ch.new)
                out.write(tr("~ {s} 第 {n} 行 “{f}”：{o} → {w}\n",
                             "~ {s} row {n} “{f}”: {o} → {w}\n",
                             s=r.sheet, n=r.row, f=ch.label, o=old, w=new))
        for m in r.warnings:
            out.write(f"! {m}\n")
    for m in plan.notes:
        out.write(f"! {m}\n")


def _labelled(table: str, field: str, value: Any) -> tuple[str, str]:
    """Header and value as the workbook says them (措施状态：已完成, not status=done)."""
    from desktop.exports import excel_import

    header, shown = excel_import.in_words(table, field, value)
    return header, _v(shown)


def _v(value: Any, limit: int = 60) -> str:
    from desktop.exports import excel_import

    text = "（空）" if value in (None, "") else str(excel_import.shown(value))
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"
