"""key, trust, packet and completeness subcommands."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import clock
from desktop.i18n import Msg, UserError, tr

if TYPE_CHECKING:
    from desktop.packets import importer
    from desktop.services.desk import DeskContext

# Packets, keys and the desk pull in cryptography and SQLAlchemy; they are imported
# inside the handlers so that building the parser stays cheap
# (tests/cli/test_start_imports.py).

ENV_NEW_PASSPHRASE = "RECTDESK_NEW_PASSPHRASE"
_STATE_MARK = {"passed": "✓", "warning": "!", "refused": "✗", "skipped": "·"}


# --- passphrases ------------------------------------------------------------------------


def _from_file(path: Path) -> str:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(Msg(f"无法读取口令文件“{path}”。", f"Cannot read passphrase file “{path}”.")
                        ) from e
    return text.rstrip("\r\n")


def read_passphrase(file: Path | None, env: str | None = None, *, confirm: bool = False,
                    prompt: str = "") -> str:
    """From a file, else the environment (``env``, by default keys.ENV_PASSPHRASE), else
    typed at a terminal; never echoed."""
    if env is None:
        from desktop.services import keys

        env = keys.ENV_PASSPHRASE
    if file is not None:
        value = _from_file(file)
    elif os.environ.get(env):
        value = os.environ[env]
    elif sys.stdin.isatty():
        value = getpass.getpass(prompt or tr("密钥口令：", "Passphrase: "))
        if confirm and getpass.getpass(tr("再输入一次：", "Again: ")) != value:
            raise UserError(Msg("两次输入的口令不一致。", "The passphrases differ."))
    else:
        raise UserError(Msg(
            f"需要密钥口令：请用 --passphrase-file 文件 或环境变量 {env} 提供，"
            "或在终端中运行以便输入。",
            f"A passphrase is needed: use --passphrase-file FILE or {env}, or run in a terminal.",
        ))
    if not value:
        raise UserError(Msg("口令不能为空。", "The passphrase must not be empty."))
    return value


# --- registration -----------------------------------------------------------------------


def _passphrase_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-file", type=Path, metavar="FILE", help=tr(
        "从文件读取口令（也可用环境变量 RECTDESK_PASSPHRASE）",
        "read the passphrase from FILE (or RECTDESK_PASSPHRASE)"))


def register(sub: argparse._SubParsersAction) -> None:
    k = sub.add_parser("key", help=tr("本台账的签名密钥", "this desk's signing key"))
    ksub = k.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    p = ksub.add_parser("create", help=tr("建立签名密钥", "create the signing key"))
    _passphrase_arg(p)
    p.set_defaults(handler=cmd_key_create)
    p = ksub.add_parser("show", help=tr("显示密钥编号与指纹", "show key id and fingerprint"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_key_show)
    p = ksub.add_parser("export", help=tr("导出登记文件与公钥", "write enrolment file and .pub"))
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.set_defaults(handler=cmd_key_export)
    p = ksub.add_parser("passphrase", help=tr("更改口令", "change the passphrase"))
    _passphrase_arg(p)
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE", help=tr(
        "新口令文件（也可用环境变量 RECTDESK_NEW_PASSPHRASE）",
        "new passphrase from FILE (or RECTDESK_NEW_PASSPHRASE)"))
    p.set_defaults(handler=cmd_key_passphrase)

    t = sub.add_parser("trust", help=tr("登记其他台账的密钥", "enrolled keys of other desks"))
    tsub = t.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    p = tsub.add_parser("add", help=tr("登记一个单位的密钥", "enrol a desk's key"))
    p.add_argument("file", type=Path)
    p.add_argument("--fingerprint", required=True, metavar="FP",
                   help=tr("电话核对过的指纹", "fingerprint confirmed by phone"))
    p.add_argument("--replace", action="store_true",
                   help=tr("更换该单位已登记的密钥", "replace the desk's enrolled key"))
    p.set_defaults(handler=cmd_trust_add)
    p = tsub.add_parser("list", help=tr("列出已登记的密钥", "list enrolled keys"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_trust_list)

    pk = sub.add_parser("packet", help=tr("报送包", "signed packets"))
    psub = pk.add_subparsers(dest="packet_command", metavar="ACTION", required=True)
    p = psub.add_parser("export", help=tr("导出报送包", "write a packet"))
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--period", metavar="YYYY-MM", help=tr("县级：报送月份", "county: month"))
    target.add_argument("--to", metavar="CODE", help=tr("市级：接收单位代码", "city: county code"))
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--no-change", action="store_true",
                   help=tr("声明本月无变化", "declare no change this month"))
    _passphrase_arg(p)
    p.set_defaults(handler=cmd_packet_export)
    p = psub.add_parser("verify", help=tr("核验报送包（不导入）", "verify a packet"))
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument("--fingerprint", default="", metavar="FP")
    p.set_defaults(handler=cmd_packet_verify)
    p = psub.add_parser("import", help=tr("导入报送包（默认只预览）", "import packets (dry run)"))
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--apply", action="store_true", help=tr("确认写入", "write the changes"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", type=Path, metavar="OUT.xlsx")
    p.add_argument("--fingerprint", default="", metavar="FP", help=tr(
        "首次接收市级下发包时，电话核对过的市级密钥指纹", "city key fingerprint, first packet"))
    p.set_defaults(handler=cmd_packet_import)
    p = psub.add_parser("received", help=tr("市级：记录报送包的实际接收日期（纸质或U盘交来）",
                                            "city: record when a packet was handed over"))
    p.add_argument("sequence", type=int, metavar="SEQ", help=tr("报送包序号", "packet sequence"))
    p.add_argument("--unit", required=True, metavar="CODE", help=tr("县级单位代码", "county code"))
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD",
                   help=tr("接收日期（不晚于导入日期）", "day received (not after the import)"))
    p.set_defaults(handler=cmd_packet_received)

    p = sub.add_parser("completeness", help=tr("各单位月报报送情况", "who reported when"))
    p.add_argument("--period", metavar="YYYY-MM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_completeness)


# --- key --------------------------------------------------------------------------------


def cmd_key_create(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import keys

    with open_for(args, write=True) as ctx:
        keys.check_absent(ctx)  # before asking for a passphrase that would not be used
        passphrase = read_passphrase(args.passphrase_file, confirm=True,
                                     prompt=tr("设置密钥口令：", "New passphrase: "))
        identity = keys.create(ctx, passphrase)
    print(tr("已建立签名密钥。\n单位：{c}\n密钥编号：{k}\n指纹：{f}",
             "Signing key created.\nDesk: {c}\nKey id: {k}\nFingerprint: {f}",
             c=identity.desk_code, k=identity.key_id_hex, f=identity.fingerprint))
    return 0


def cmd_key_show(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.services import keys

    with open_for(args, write=False) as ctx:
        info = keys.public_info(ctx)
    if args.json:
        print_json({k: v for k, v in info.items() if k != "public_key"})
        return 0
    print(tr("单位：{c} {n}\n密钥编号：{k}\n指纹：{f}\n建立时间：{t}",
             "Desk: {c} {n}\nKey id: {k}\nFingerprint: {f}\nCreated: {t}",
             c=info["desk_code"], n=info["desk_name"], k=info["key_id"], f=info["fingerprint"],
             t=info["created"]))
    return 0


def cmd_key_export(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import keys

    with open_for(args, write=False) as ctx:
        written = keys.export(ctx, args.out)
        info = keys.public_info(ctx)
    for path in written:
        print(path)
    print(tr("请将登记文件交给对方，并电话核对指纹：{f}",
             "Send the enrolment file and confirm this fingerprint by phone: {f}",
             f=info["fingerprint"]))
    return 0


def cmd_key_passphrase(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.services import keys

    with open_for(args, write=True) as ctx:
        old = read_passphrase(args.passphrase_file, prompt=tr("原口令：", "Current passphrase: "))
        keys.load(ctx, old)
        new = read_passphrase(args.new_passphrase_file, ENV_NEW_PASSPHRASE, confirm=True,
                              prompt=tr("新口令：", "New passphrase: "))
        keys.change_passphrase(ctx, old, new)
    print(tr("口令已更改。", "Passphrase changed."))
    return 0


# --- trust ------------------------------------------------------------------------------


def cmd_trust_add(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.packets import trust

    try:
        raw = args.file.read_bytes()
    except OSError as e:
        raise UserError(Msg(f"无法读取“{args.file}”：{e.strerror}。",
                            f"Cannot read “{args.file}”: {e.strerror}.")) from e
    enrolment = trust.parse_enrolment(raw)
    with open_for(args, write=True) as ctx:
        status = ctx.ledger.run(lambda s: trust.add(s, ctx.code, ctx.role, enrolment,
                                                    args.fingerprint, replace=args.replace)).value
    words = {
        "added": Msg("已登记 {c}（{n}）的密钥 {k}。", "Enrolled {c} ({n}), key {k}."),
        "unchanged": Msg("{c} 的这把密钥已登记过，未做改动。", "{c}: key already enrolled."),
        "replaced": Msg("已更换 {c}（{n}）的密钥为 {k}；旧密钥已停用并记入审计日志。",
                        "Replaced the key of {c} ({n}) with {k}; the old key is retired."),
    }[status]
    print(words.format(c=enrolment.desk_code, n=enrolment.desk_name, k=enrolment.key_id))
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.packets import trust

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        rows = trust.list_keys(s)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(tr("尚未登记任何单位的密钥。", "No keys enrolled."))
    for r in rows:
        state = (tr("已停用 {t}", "retired {t}", t=r["replaced_at"]) if r["replaced_at"]
                 else tr("有效", "active"))
        print(f"{r['desk_code']}  {r['desk_name']}  {r['key_id']}  {r['fingerprint']}  {state}")
    return 0


# --- packets ----------------------------------------------------------------------------


def _progress(step: str, percent: int) -> None:
    sys.stderr.write(f"[{percent:3d}%] {step}\n")


def _warn_open_items(ctx: DeskContext, period: str, no_change: bool) -> None:
    """What the city will see as missing, on stderr before the packet leaves; the
    packet records the same list (``open_items``), so the export goes ahead."""
    from desktop.services import precheck

    with ctx.store.read() as s:
        items = precheck.open_items(s, ctx.code, period, clock.today())
    if no_change:  # --no-change declares the month quiet: tasks need no progress
        items = [i for i in items if i.kind != "progress"]
    if not items:
        return
    sys.stderr.write(tr("报送前检查：{n} 项未完成（{s}），已记入报送包：\n",
                        "Before sending: {n} open items ({s}), recorded in the packet:\n",
                        n=len(items), s=precheck.summary(items)))
    for i in items:
        sys.stderr.write(f"  {i.task_number} {i.task_title} — {i.text}\n")


def cmd_packet_export(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for
    from desktop.packets import build
    from desktop.services import keys

    with open_for(args, write=True) as ctx:
        passphrase = read_passphrase(args.passphrase_file)
        identity = keys.load(ctx, passphrase)
        out = args.out.absolute()
        if args.to:
            if args.no_change:
                raise UserError(Msg("--no-change 只用于县级月报包。",
                                    "--no-change is for county reports only."))
            result = build.export_city_packet(ctx, identity, args.to, out)
        else:
            _warn_open_items(ctx, args.period, args.no_change)
            result = build.export_county_packet(ctx, identity, args.period, out,
                                                no_change=args.no_change)
    m = result.manifest
    print(result.path)
    print(tr("第 {s} 号报送包，{p}，发往 {r}；佐证材料 {e} 个。",
             "Packet {s}, {p}, to {r}; {e} evidence files.",
             s=m.sequence, p=m.period, r=m.recipient or "-", e=result.evidence_files))
    if not args.to:
        print(tr("市级已收到第 {n} 号（据最近导入的市级下发包）。", "The city holds packet {n} "
                 "(as its latest packet back says).", n=result.city_holds)
              if result.city_holds else
              tr("尚未收到市级确认（市级下发包中会写明已收到第几号）。",
                 "No acknowledgement from the city yet."))
    return 0


def cmd_packet_received(args: argparse.Namespace) -> int:
    from datetime import date

    from desktop.commands.common import open_for

    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise UserError(Msg(f"日期应写成 2026-11-03 这样的格式：{args.date}",
                            f"Write the date like 2026-11-03: {args.date}")) from None
    with open_for(args, write=True) as ctx:
        period = ctx.ledger.record_packet_receipt(args.unit, args.sequence, day).value.period
    print(tr("已记录：{u} 第 {n} 号（{p}）于 {d} 接收。", "Recorded: {u} packet {n} ({p}) "
             "received on {d}.", u=args.unit, n=args.sequence, p=period, d=day.isoformat()))
    return 0


def _print_checks(outcome_json: dict[str, object], checks: list[dict[str, str]]) -> None:
    from desktop.domain.text import escape_untrusted

    # Messages quote what the packet says about itself, before and after the signature
    # check: escaped so no escape sequence or direction control reaches the terminal.
    print(escape_untrusted(f"{outcome_json['file']}"))
    for c in checks:
        print(f"  {_STATE_MARK[c['state']]} {c['label']}：{escape_untrusted(c['message'])}")


def cmd_packet_verify(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.packets.verify import inspect_packet

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        try:
            insp = inspect_packet(s, args.file, own_code=ctx.code, own_role=ctx.role,
                                  fingerprint_typed=args.fingerprint)
        except OSError as e:
            raise UserError(Msg(f"无法读取“{args.file}”：{e.strerror}。",
                                f"Cannot read “{args.file}”: {e.strerror}.")) from e
        s.rollback()
    data = insp.to_json()
    if args.json:
        print_json(data)
    else:
        _print_checks(data, data["checks"])
        print(tr("结论：通过", "Verdict: valid") if insp.ok
              else tr("结论：拒绝", "Verdict: refused"))
    return 0 if insp.ok else 1


def cmd_packet_import(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.packets import importer

    with open_for(args, write=True) as ctx:
        outcome = importer.import_packets(ctx, [f.absolute() for f in args.files],
                                          apply=args.apply, fingerprint=args.fingerprint)
    if args.report:
        from desktop.packets.report_xlsx import save_import_report

        save_import_report(outcome, args.report.absolute())
    if args.json:
        print_json(outcome.to_json())
    else:
        _print_import(outcome, args.apply)
    return 1 if outcome.rejected else 0


def _print_import(outcome: importer.ImportOutcome, apply: bool) -> None:
    from desktop.domain.text import escape_untrusted
    from desktop.services.history import table_label

    for p in outcome.packets:
        data = p.to_json()
        _print_checks(data, data["checks"])
        print("  " + tr("状态：{s}", "Status: {s}", s=data["status_label"]))
        for table, d in sorted(p.merge.diff.items()):
            if d.new or d.changed or d.deleted or d.refused:
                print("    " + tr("{t}：新增 {n}，修改 {c}，未变 {u}，删除 {d}，拒绝 {r}",
                                  "{t}: {n} new, {c} changed, {u} unchanged, {d} deleted, "
                                  "{r} refused", t=table_label(table), n=d.new, c=d.changed,
                                  u=d.unchanged, d=d.deleted, r=d.refused))
        for note in p.merge.notes:  # e.g. records restored from the city's copy
            print(f"    {note}")
        for w in p.shown_warnings():  # grouped, at most 50, then how many more
            print(f"    ! {escape_untrusted(str(w))}")
    if outcome.rejected:  # dry run or not: rejected, exit code 1, nothing changed
        print(tr("有 {n} 个报送包被拒绝，台账未做任何改动。请移出被拒绝的文件后重新导入。",
                 "{n} packets were rejected; nothing was changed. Remove them and retry.",
                 n=len(outcome.rejected)))
    elif apply:
        print(tr("已导入。", "Imported."))
    else:
        print(tr("以上为预览，未写入。确认无误后加 --apply 导入。",
                 "Dry run: nothing was written. Add --apply to import."))


def cmd_completeness(args: argparse.Namespace) -> int:
    from desktop.commands.common import open_for, print_json
    from desktop.services import completeness as completeness_service

    with open_for(args, write=False) as ctx, ctx.store.read() as s:
        months = _months(ctx, args.period)
        cells = completeness_service.completeness(s, clock.today(), ctx.settings.report_due_day,
                                                  months)
    if args.json:
        print_json([c.to_json() for c in cells])
        return 0
    by_unit: dict[str, list[completeness_service.Cell]] = {}
    for c in cells:
        by_unit.setdefault(f"{c.unit_code} {c.unit_name}", []).append(c)
    print(tr("单位", "Unit").ljust(20) + "  ".join(months))
    for unit, row in by_unit.items():
        print(unit.ljust(20) + "  ".join(str(completeness_service.STATES[c.state]).ljust(7)
                                         for c in row))
    return 0


def _months(ctx: DeskContext, period: str | None) -> list[str]:
    from desktop.domain import periods
    from desktop.services import completeness as completeness_service

    if period:
        if not periods.is_period(period):
            raise UserError(Msg(f"月份应写成 2026-05 这样的格式：{period}",
                                f"Period must look like 2026-05: {period}"))
        return [period]
    return completeness_service.default_periods(clock.today(), ctx.settings.report_due_day)
