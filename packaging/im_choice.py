"""Which Qt input method the frozen window asks for (Chinese input on UOS and Kylin).

PySide6's wheels carry only two input-context plugins, ``ibus`` and ``compose``.  UOS
and Kylin type Chinese through fcitx and set ``QT_IM_MODULE=fcitx`` (or ``fcitx5``) for
the session; the bundled Qt then finds no such plugin and quietly falls back to compose,
so no Chinese can be typed.  fcitx 5 also speaks ibus's protocol (its ibus frontend,
on by default), so there ``ibus`` works.  fcitx 4 (Kylin V10) has no ibus frontend and
Qt 6 has no XIM support: nothing in the folder can talk to it, and ``choose`` says so.

Plain Python without Qt: the launcher calls it before PySide6 is imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

FCITX_NAMES = ("fcitx", "fcitx5")


def running_fcitx(proc: Path = Path("/proc")) -> str | None:
    """'fcitx5' or 'fcitx' (version 4) if that daemon runs for this machine, else None."""
    seen: set[str] = set()
    try:
        entries: Iterable[Path] = proc.iterdir()
        for entry in entries:
            if entry.name.isdigit():
                try:
                    seen.add((entry / "comm").read_text(encoding="utf-8").strip())
                except OSError:
                    continue
    except OSError:
        return None
    if "fcitx5" in seen:
        return "fcitx5"
    if "fcitx" in seen:
        return "fcitx"
    return None


def plugins_present(plugin_dir: Path) -> set[str]:
    """Input-context plugins the bundled Qt has: {'ibus', 'compose', …} by file name."""
    names: set[str] = set()
    if plugin_dir.is_dir():
        for p in plugin_dir.glob("lib*platforminputcontextplugin*.so"):
            names.add(p.name[3:].split("platforminputcontextplugin")[0])
    return names


def choose(env: Mapping[str, str], plugins: set[str], daemon: str | None) -> tuple[str | None, str]:
    """(QT_IM_MODULE to set or None to leave it, why) for this session.

    ``daemon`` is what :func:`running_fcitx` found.  Only a session that asked for
    fcitx, or that runs fcitx with nothing asked, is changed.
    """
    asked = env.get("QT_IM_MODULE", "")
    wants_fcitx = asked in FCITX_NAMES or (
        not asked and ("@im=fcitx" in env.get("XMODIFIERS", "")
                       or env.get("GTK_IM_MODULE", "") in FCITX_NAMES))
    if not wants_fcitx and not (not asked and daemon):
        return None, "the session's input method is left as it is"
    if asked in plugins:
        return None, f"the folder has Qt's {asked} plugin"
    if daemon == "fcitx5" or (daemon is None and asked == "fcitx5"):
        if "ibus" in plugins:
            return "ibus", "fcitx 5 answers through its ibus frontend"
        return None, "no ibus plugin in the folder"
    if daemon == "fcitx" or asked == "fcitx":
        return None, ("fcitx 4 runs: Qt 6 here has no plugin for it; Chinese input in "
                      "this program needs fcitx 5 or ibus")
    return None, "no fcitx running"


def apply(environ: dict[str, str] | None = None, plugin_dir: Path | None = None,
          proc: Path = Path("/proc")) -> str:
    """Set QT_IM_MODULE in ``environ`` (os.environ) as :func:`choose` says; returns why."""
    env = os.environ if environ is None else environ
    if "RECTDESK_KEEP_IM" in env:  # an escape hatch for an office whose setup works
        return "RECTDESK_KEEP_IM is set"
    module, why = choose(env, plugins_present(plugin_dir) if plugin_dir else set(),
                         running_fcitx(proc))
    if module:
        env["QT_IM_MODULE"] = module
    return why
