"""backup, restore, audit verify, check and settings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.i18n import Msg, UserError, tr

# The database layer and services are imported inside the handlers: building the
# parser must stay cheap (tests/cli/test_start_imports.py).


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help=tr("立即备份台账", "back up the ledger now"))
    p.add_argument("--list", action="store_true", help=tr("列出已有备份", "list backups"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help=tr("从备份恢复台账", "restore the ledger from a backup"))
    p.add_argument("file", type=Path)
    p.add_argument("--other-desk", action="store_true",
                   help=tr("允许恢复另一个台账（单位代码或级别不同）的备份",
                           "allow a backup of another desk (code or role differs)"))
    p.set_defaults(handler=cmd_restore)

    a = sub.add_parser("audit", help=tr("审计日志", "audit log"))
    asub = a.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = asub.add_parser("verify", help=tr("检查审计日志的哈希链", "check the audit hash chain"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit_verify)

    p = sub.add_parser("check", help=tr("检查台账数据是否符合整改规则（含汇总后的数据）",
                                        "check the ledger's data against the domain rules"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("settings", help=tr("查看或修改设置", "show or change settings"))
    p.add_argument("--set", nargs=2, metavar=("NAME", "VALUE"), action="append", default=[],
                   help=tr("设置名：", "names: ") + ", ".join(SETTING_HELP))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_settings)


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import backups

    with open_for(args, write=True) as ctx:
        if args.list:
            for b in backups.list_backups(ctx):
                print(b)
            return 0
        path = backups.make_backup(ctx)
    print(tr("已备份到：{p}", "Backed up to: {p}", p=path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import backups

    with open_for(args, write=True) as ctx:
        safety = backups.restore(ctx, args.file.absolute(), other_desk_ok=args.other_desk)
    print(
        tr(
            "已从“{f}”恢复台账。恢复前的台账已另存为：{s}",
            "Restored from “{f}”. The previous ledger was saved as: {s}",
            f=args.file,
            s=safety,
        )
    )
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from db import audit
    from desktop.commands.common import open_for, print_json

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        report = audit.verify(s)
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "entries": report.entries,
                "head": report.head,
                "problem_seq": report.problem_seq,
                "problem": report.problem,
            }
        )
    if report.ok:
        if not args.json:
            print(
                tr(
                    "审计日志完整：共 {n} 条，链头 {h}",
                    "Audit log intact: {n} entries, head {h}",
                    n=report.entries,
                    h=report.head[:16],
                )
            )
        return 0
    what = {
        "edited": Msg("被改动", "was edited"),
        "broken_link": Msg(
            "与前一条的链接断开（有记录被删除或插入）",
            "does not link to the one before (rows deleted or inserted)",
        ),
        "gap": Msg("之前缺少记录（有记录被删除）", "follows a gap (rows deleted)"),
        "head_mismatch": Msg(
            "之后的记录与链头不符（末尾记录被删除或添加）",
            "does not match the chain head (rows cut or added at the end)",
        ),
    }[report.problem]
    raise UserError(
        Msg(
            f"审计日志已被篡改：第 {report.problem_seq} 条{what.zh}。",
            f"The audit log has been tampered with: entry {report.problem_seq} {what.en}.",
        )
    )


def cmd_check(args: argparse.Namespace) -> int:
    from desktop import clock
    from desktop.commands.common import open_for, print_json
    from desktop.services import consistency

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        findings = consistency.check(s, clock.today())
    if args.json:
        print_json({"ok": not findings, "findings": [
            {"rule": f.rule, "unit": f.unit_code, "task": f.task_number, "record": f.record,
             "message": str(f.msg)} for f in findings]})
    elif not findings:
        print(tr("数据检查通过：未发现不符合规则的记录。",
                 "Check passed: no record breaks the rules."))
    else:
        for f in findings:
            print(f.msg)
        print(tr("共发现 {n} 处问题。", "{n} finding(s).", n=len(findings)))
    return 1 if findings else 0


def _parse_setting(name: str, raw: str) -> object:
    if name == "revisit_months":
        try:
            return [int(x) for x in raw.replace("，", ",").split(",") if x.strip()]
        except ValueError:
            return raw
    if name == "language":
        return raw
    try:
        return int(raw)
    except ValueError:
        return raw


# Each setting: what it means and which values it takes, as `rectdesk settings` lists them.
SETTING_HELP: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "warning_window_days": (("任务到期前多少天亮黄灯",
                             "days before a deadline the light turns yellow"),
                            ("0 到 365 的整数", "a whole number 0–365")),
    "report_due_day": (("月报在次月几号截止",
                        "day of the following month the report is due"),
                       ("1 到 28 的整数", "a whole number 1–28")),
    "revisit_months": (("销号后几个月回头看", "months after close-out for each revisit"),
                       ("1 到 60 的月数，用逗号分隔，如 3,12", "months 1–60, comma-separated, "
                        "e.g. 3,12")),
    "language": (("窗口和命令输出的语言", "language of the window and of the output"),
                 ("zh（中文）或 en（英文）", "zh (Chinese) or en (English)")),
    "backup_keep": (("自动备份保留的份数", "how many automatic backups are kept"),
                    ("1 到 100 的整数", "a whole number 1–100")),
}


def _describe_settings(current: dict[str, Any]) -> str:
    lines = []
    for name, value in current.items():
        shown = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else value
        lines.append(f"{name} = {shown}")
        meaning, allowed = SETTING_HELP.get(name, (("", ""), ("", "")))
        if meaning[0]:
            lines.append("    " + tr("{m}；可选值：{a}", "{m}; allowed: {a}",
                                     m=tr(*meaning), a=tr(*allowed)))
    return "\n".join(lines) + "\n"


def cmd_settings(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.services.desk import save_setting

    with open_for(args, write=bool(args.set)) as ctx:
        for name, raw in args.set:
            if name not in SETTING_HELP:
                raise UserError(Msg(
                    f"没有名为“{name}”的设置。可以设置：{'、'.join(SETTING_HELP)}。",
                    f"There is no setting called “{name}”. Settings: "
                    f"{', '.join(SETTING_HELP)}."))
            save_setting(ctx, name, _parse_setting(name, raw))
        current = {k: getattr(ctx.settings, k) for k in ctx.settings.__dataclass_fields__}
    if args.json:
        print_json(current)
    else:
        sys.stdout.write(_describe_settings(current))
    if not current:
        raise UserError(Msg("没有设置。", "No settings."))
    return 0
