"""Every file location the program uses, resolved in one place.

The data folder comes from, in order: an explicit ``--home``, the environment
variable ``RECTDESK_HOME``, then the platform's per-user data folder.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_NAME

ENV_HOME = "RECTDESK_HOME"


def default_home() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().absolute()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().absolute()
    return default_home()


def resources_dir() -> Path:
    # A frozen (PyInstaller) build unpacks next to the executable.
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


@dataclass(frozen=True)
class DeskPaths:
    """The files of one desk's data folder."""

    home: Path

    @property
    def database(self) -> Path:
        return self.home / "ledger.sqlite3"

    @property
    def evidence(self) -> Path:
        return self.home / "evidence"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def keys(self) -> Path:
        return self.home / "keys"

    @property
    def packets(self) -> Path:
        return self.home / "packets"

    @property
    def exports(self) -> Path:
        return self.home / "exports"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def log(self) -> Path:
        """The rotating program log (errors with their traceback, Qt's warnings)."""
        return self.logs / "rectdesk.log"

    @property
    def lock(self) -> Path:
        return self.home / "rectdesk.lock"

    @property
    def demo_marker(self) -> Path:
        """Present while ``rectdesk demo`` builds: a folder still holding it was
        interrupted, and the next ``demo`` wipes what that run made and starts again."""
        return self.home / "demo.incomplete"

    def evidence_file(self, sha256: str) -> Path:
        return self.evidence / sha256[:2] / sha256


ENV_CONFIG = "RECTDESK_CONFIG"


def config_file() -> Path:
    """The small per-user preferences file (which data folder to open next time);
    ``RECTDESK_CONFIG`` overrides it so tests never touch the real one."""
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser().absolute()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "rectdesk.ini"
