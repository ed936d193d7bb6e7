"""Reading our PDFs back with poppler and qpdf, for the document tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import require_tool


def squash(text: str) -> str:
    """pdftotext's spacing of CJK text is a layout guess; compare without whitespace."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    tool = require_tool("pdftotext")
    pages = []
    if first is not None:
        pages += ["-f", str(first), "-l", str(last if last is not None else first)]
    out = subprocess.run([tool, "-raw", "-enc", "UTF-8", *pages, str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return squash(out)


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def assert_fonts_embedded(path: Path) -> None:
    tool = require_tool("pdffonts")
    lines = subprocess.run([tool, str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert lines, "pdffonts listed no fonts"
    for line in lines:
        emb, sub = line.split()[-5:-3]  # columns from the right: emb sub uni obj gen
        assert (emb, sub) == ("yes", "yes"), line


def assert_qpdf_clean(path: Path) -> None:
    tool = require_tool("qpdf")
    result = subprocess.run([tool, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
