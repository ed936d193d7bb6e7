"""Helpers shared by subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import paths

if TYPE_CHECKING:  # the data layer loads only for a handler that opens the desk
    from desktop.services.desk import DeskContext


def home(args: argparse.Namespace) -> Path:
    return paths.resolve_home(getattr(args, "home", None))


def open_for(args: argparse.Namespace, *, write: bool) -> DeskContext:
    """Writers (and the GUI) take the one-instance lock; readers do not."""
    from desktop.services.desk import open_desk

    return open_desk(home(args), lock=write)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n")
