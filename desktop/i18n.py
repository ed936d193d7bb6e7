"""Language of messages outside the Qt UI (command line, domain and service errors).

Chinese by default; English when the locale says English or ``RECTDESK_LANG=en``.
The Qt UI uses Qt Linguist catalogues and sets the language here too, so that
service messages shown in dialogs match the window.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

_override: str | None = None


def set_language(lang: str | None) -> None:
    global _override
    _override = lang


def language() -> str:
    if _override:
        return _override
    explicit = os.environ.get("RECTDESK_LANG")
    if explicit:
        return "en" if explicit.lower().startswith("en") else "zh"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


@dataclass(frozen=True)
class Msg:
    """A message in both languages; ``str()`` picks the current one."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.en if language() == "en" else self.zh

    def format(self, **kw: object) -> Msg:
        return Msg(self.zh.format(**kw), self.en.format(**kw))


def tr(zh: str, en: str, **kw: object) -> str:
    return str(Msg(zh, en).format(**kw))


class UserError(Exception):
    """Input or data the program rejects, explained in the clerk's words (exit code 1)."""

    def __init__(self, msg: Msg, detail: str = "") -> None:
        super().__init__(str(msg))
        self.msg = msg
        self.detail = detail

    def __str__(self) -> str:
        return str(self.msg)
