"""The ``rectdesk`` command: the GUI by default, subcommands for headless work.

Exit codes: 0 success, 1 input or data rejected, 2 usage error.  Messages follow
the locale (Chinese by default); a user's mistake never shows a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from desktop import __version__, clock
from desktop.i18n import Msg, UserError, tr
from desktop.services.storage_errors import as_user_error

# Each module registers its subcommands; a handler takes the parsed arguments and
# returns an exit code.  Heavy libraries are imported inside the handlers, so that
# starting (`--version`, `--help`, a usage error) loads no SQLAlchemy, crypto or Qt;
# tests/cli/test_start_imports.py keeps it so.
COMMAND_MODULES = [
    "desktop.commands.ledger",
    "desktop.commands.maintenance",
    "desktop.commands.documents",
    "desktop.commands.packets",
    "desktop.commands.review",
    "desktop.commands.supervise",
    "desktop.commands.closeout",
    "desktop.commands.petitions",
    "desktop.commands.plan",
    "desktop.commands.diagnose",
]

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
MAX_INT = 2**31 - 1  # no number a clerk types (task, sequence, count) comes near it
PACKET_SUFFIX = ".rdpkt"


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(tr("用法错误：{m}\n", "usage error: {m}\n", m=message))
        raise SystemExit(EXIT_USAGE)


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("日期“{t}”无效，应为 YYYY-MM-DD", "invalid date “{t}”, use YYYY-MM-DD", t=text)
        ) from None


def build_parser() -> Parser:
    p = Parser(
        prog="rectdesk",
        description=tr(
            "整改台账：生态环境保护督察反馈问题整改台账、月报与报送包。不带子命令时打开图形界面。",
            "Rectification Desk: ledger, reports and signed packets. Without a subcommand the "
            "window opens.",
        ),
    )
    _global_options(p)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return p


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Arguments for the window need only the global options: the command modules
    and their parsers load when a subcommand (or --help, or a mistake) needs them."""
    quick = Parser(prog="rectdesk", add_help=False, exit_on_error=False)
    _global_options(quick)
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        rest = ["?"]  # let the full parser say what is wrong
    if not rest or (len(rest) == 1 and rest[0].lower().endswith(PACKET_SUFFIX)):
        # `rectdesk FILE.rdpkt` (a double-clicked packet): the window, then its import
        # preview with that file.
        args.command = args.handler = None
        args.packet = Path(rest[0]) if rest else None
        return args
    return build_parser().parse_args(argv)


def _global_options(p: Parser) -> None:
    p.add_argument("--version", action="version", version=f"rectdesk {__version__}")
    p.add_argument(
        "--home",
        metavar="DIR",
        help=tr(
            "数据文件夹（也可用环境变量 RECTDESK_HOME）",
            "data folder (or environment variable RECTDESK_HOME)",
        ),
    )
    p.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=_date_arg,
        help=tr(
            "把这一天当作今天（也可用 RECTDESK_TODAY），便于重现结果",
            "take this date as today (or RECTDESK_TODAY), for reproducible runs",
        ),
    )
    # Hidden: the window quits once its first frame is painted and the desk is fully
    # open, printing "painted" and "opened" (smoke tests and start-up benchmarks of an
    # installed program, which cannot be patched from outside).
    p.add_argument("--quit-after-first-frame", action="store_true", help=argparse.SUPPRESS)
    p.add_argument(
        "--demo",
        action="store_true",
        help=tr(
            "打开图形界面；数据文件夹为空时先建立演示台账",
            "open the window; create a demo ledger first when the folder is empty",
        ),
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse(argv)
    except SystemExit as e:
        return int(e.code or 0)
    try:
        if args.today:
            clock.set_today(args.today)
        else:
            clock.today()  # an invalid RECTDESK_TODAY is a usage error, said plainly
    except ValueError:
        sys.stderr.write(
            tr("环境变量 RECTDESK_TODAY 的日期无效。\n", "RECTDESK_TODAY is not a valid date.\n")
        )
        return EXIT_USAGE
    huge = [name for name, value in vars(args).items()
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT]
    if huge:  # a task number of 23 digits is a slip; SQLite would overflow on it
        from desktop.services.records import LABELS

        zh, en = LABELS.get(huge[0], ("--" + huge[0].replace("_", "-"),) * 2)
        sys.stderr.write(tr("“{z}”的数字太大。\n", "The number for “{e}” is too large.\n",
                            z=zh, e=en))
        return EXIT_USAGE
    handler = getattr(args, "handler", None)
    from desktop import logs, paths

    # Errors go to the data folder's log (the window re-points it at the folder it
    # finally opens, which the settings may choose).
    logs.install(paths.resolve_home(args.home))
    try:
        return _run(args, handler)
    finally:
        logs.uninstall()


def _run(args: argparse.Namespace, handler: Any) -> int:
    try:
        if handler is None:
            from desktop.commands.gui import run_gui

            return run_gui(args)
        return int(handler(args) or EXIT_OK)
    except UserError as e:
        sys.stderr.write(f"{e}\n")
        return EXIT_REJECTED
    except BrokenPipeError:  # an OSError: caught before the generic clause below
        # The reader went away (`rectdesk tasks list | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:
        # A full disk, a locked or broken database (OSError or SQLAlchemy's DBAPIError,
        # whose class is not imported here) is said plainly; anything else is a bug.
        explained = as_user_error(e)
        if explained is None:
            logging.getLogger(__name__).exception("unexpected error")
            raise
        logging.getLogger(__name__).warning("refused: %s", explained, exc_info=e)
        sys.stderr.write(f"{explained}\n")
        return EXIT_REJECTED
    except KeyboardInterrupt:
        sys.stderr.write(str(Msg("已取消。\n", "Cancelled.\n")))
        return EXIT_REJECTED


def main_cli(argv: Sequence[str] | None = None) -> int:
    """``rectdesk-cli``: the console program beside the window.  The same subcommands;
    without one it prints the help instead of opening the window (a console started
    from a script or a terminal should never wait on a window)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parse(args_list)
    except SystemExit as e:
        return int(e.code or 0)
    if getattr(args, "handler", None) is None:
        build_parser().print_help()
        return EXIT_OK
    return main(args_list)


if __name__ == "__main__":
    raise SystemExit(main())
