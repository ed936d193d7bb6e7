"""Fonts for every PDF the program writes.

The office's own 仿宋/宋体/黑体/方正小标宋 are used when they are installed (they are
what an official document is expected to look like); otherwise the bundled
WenQuanYi Micro Hei (a TrueType-outline font, so reportlab can embed a subset of it)
takes every role, so Chinese renders on a machine with no CJK font at all.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop import paths

log = logging.getLogger(__name__)

BUNDLED_FONT_FILE = "WenQuanYiMicroHei.ttf"
BUNDLED_FONT_NAME = "RD-WenQuanYiMicroHei"

# Candidate files per role, best first, compared case-insensitively.
# (file name, subfont index inside a .ttc collection)
_BODY_FILES: tuple[tuple[str, int], ...] = (
    ("simfang.ttf", 0),  # 仿宋 (Windows)
    ("fs_gb2312.ttf", 0),  # 仿宋_GB2312, still common on government PCs
    ("simsun.ttc", 0),  # 宋体: better than a sans body when 仿宋 is missing
)
_TITLE_FILES: tuple[tuple[str, int], ...] = (
    ("fzxbsjw.ttf", 0),  # 方正小标宋简体
    ("fzxbsk.ttf", 0),
    ("fzxbs_gbk.ttf", 0),
    ("方正小标宋简体.ttf", 0),
    ("方正小标宋_gbk.ttf", 0),
    ("simhei.ttf", 0),  # 黑体
)
_HEADING_FILES: tuple[tuple[str, int], ...] = (("simhei.ttf", 0),)


@dataclass(frozen=True)
class FontSet:
    """reportlab font names for each typographic role."""

    body: str  # 仿宋-style running text
    title: str  # 小标宋/黑体-style document title
    heading: str  # 黑体-style headings and table headers
    source: str  # human-readable: which file serves which role


def resources_dir() -> Path:
    # desktop.paths knows where resources live in a frozen (PyInstaller) build too.
    return paths.resources_dir()


def bundled_font_path() -> Path:
    """The bundled CJK font; the Qt UI registers the same file with QFontDatabase."""
    return resources_dir() / "fonts" / BUNDLED_FONT_FILE


def system_font_dirs() -> list[Path]:
    """Folders where an office's own fonts may be installed."""
    dirs: list[Path] = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:  # fonts a clerk installed "for this user only" land here
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    else:
        home = Path.home()
        dirs += [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            home / ".local" / "share" / "fonts",
            home / ".fonts",
        ]
        if sys.platform == "darwin":
            dirs += [Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [d for d in dirs if d.is_dir()]


def _index_font_files(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-cased file name → first path found (Linux keeps fonts in subfolders)."""
    found: dict[str, Path] = {}
    for root in dirs:
        for dirpath, _dirnames, filenames in os.walk(root):
            for name in filenames:
                found.setdefault(name.lower(), Path(dirpath) / name)
    return found


def _register_file(path: Path, subfont: int) -> str | None:
    """Register one TrueType file; None if reportlab cannot use it (e.g. CFF outlines)."""
    name = f"RD-{path.stem}-{subfont}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=subfont))
    except Exception as exc:  # any unusable office font just falls back to the bundled one
        log.info("font %s not usable for PDF: %s", path, exc)
        return None
    # Map bold/italic to the same face so <b>/<i> in paragraph markup cannot fail.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name


def _register_bundled() -> str:
    path = bundled_font_path()
    if BUNDLED_FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        # Let a missing/broken bundled font raise: without it Chinese cannot render at all.
        pdfmetrics.registerFont(TTFont(BUNDLED_FONT_NAME, str(path)))
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(BUNDLED_FONT_NAME, bold, italic, BUNDLED_FONT_NAME)
    return BUNDLED_FONT_NAME


def _pick(candidates: Sequence[tuple[str, int]], index: dict[str, Path]) -> tuple[str, Path] | None:
    for file_name, subfont in candidates:
        path = index.get(file_name.lower())
        if path is None:
            continue
        name = _register_file(path, subfont)
        if name is not None:
            return name, path
    return None


def build_font_set(font_dirs: Iterable[Path] | None) -> FontSet:
    """Register fonts found in ``font_dirs`` (None: only the bundled font) and describe them."""
    index = _index_font_files(font_dirs) if font_dirs is not None else {}
    bundled = _register_bundled()
    roles: dict[str, str] = {}
    notes: list[str] = []
    for role, candidates in (
        ("body", _BODY_FILES),
        ("title", _TITLE_FILES),
        ("heading", _HEADING_FILES),
    ):
        picked = _pick(candidates, index)
        if picked is None:
            roles[role] = bundled
            notes.append(f"{role}=bundled {BUNDLED_FONT_FILE}")
        else:
            roles[role] = picked[0]
            notes.append(f"{role}={picked[1]}")
    return FontSet(
        body=roles["body"], title=roles["title"], heading=roles["heading"], source="; ".join(notes)
    )


_lock = threading.Lock()
_font_set: FontSet | None = None


def register_pdf_fonts() -> FontSet:
    """Register the PDF fonts once per process and return their names.

    Set ``RECTDESK_PDF_FONTS=bundled`` to ignore installed fonts (reproducible output).
    """
    global _font_set
    with _lock:
        if _font_set is None:
            only_bundled = os.environ.get("RECTDESK_PDF_FONTS", "").lower() == "bundled"
            _font_set = build_font_set(None if only_bundled else system_font_dirs())
            log.info("PDF fonts: %s", _font_set.source)
        return _font_set
