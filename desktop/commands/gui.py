"""Starting the window (the only way from the command line into Qt)."""

from __future__ import annotations

import argparse
import importlib

from desktop.i18n import Msg, UserError


def run_gui(args: argparse.Namespace) -> int:
    try:
        app = importlib.import_module("desktop.ui.app")
    except ImportError as e:
        if "PySide6" in str(e):
            raise UserError(
                Msg(
                    "没有安装图形界面组件（PySide6）。请运行：pip install -e '.[gui]'",
                    "The GUI parts (PySide6) are not installed: pip install -e '.[gui]'",
                )
            ) from e
        raise
    return int(app.run(args))
