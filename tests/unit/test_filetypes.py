"""Evidence types are recognised from the content, never from the name."""

from __future__ import annotations

import io
import zipfile

import pytest

from desktop.domain import filetypes as ft
from desktop.services.demo import png_bytes


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"<x/>")
    return buffer.getvalue()


def _ole(*streams: str) -> bytes:
    body = b"".join(s.encode("utf-16-le") + b"\x00" * 8 for s in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body


@pytest.mark.parametrize(("data", "expected"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ft.PDF),
    (png_bytes("x"), ft.PNG),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ft.JPEG),
    (b"GIF89a\x01\x00\x01\x00", ft.GIF),
    (b"BM" + (70).to_bytes(4, "little") + b"\x00" * 8 + (40).to_bytes(4, "little")
     + b"\x00" * 40, ft.BMP),
    (b"II*\x00\x08\x00\x00\x00", ft.TIFF),
    (b"MM\x00*\x00\x00\x00\x08", ft.TIFF),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", ft.WEBP),
    (_zip(["[Content_Types].xml", "word/document.xml"]), ft.DOCX),
    (_zip(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]), ft.XLSX),
    (_ole("Root Entry", "WordDocument", "1Table"), ft.DOC),
    (_ole("Root Entry", "Workbook"), ft.XLS),
    ("整改情况说明\r\n\t第一条。\n".encode(), ft.TEXT),
    ("整改情况说明\n".encode("gb18030"), ft.TEXT),
    (b"\xef\xbb\xbfwith a BOM\n", ft.TEXT),
    (b"@echo off\r\ndel /q *.*\r\n", ft.TEXT),  # payload.bat: opened as text at most
])
def test_documents_and_pictures_are_recognised(data: bytes, expected: ft.FileType) -> None:
    assert ft.detect(data) == expected


@pytest.mark.parametrize("data", [
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",  # a Windows program
    b"\x7fELF\x02\x01\x01\x00",
    b"",
    b"text with a NUL\x00 inside",
    b"escape \x1b[31m sequence",
    _zip(["[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"]),  # macros
    _zip(["payload.exe"]),  # a plain zip
    _zip(["[Content_Types].xml", "something/else.xml"]),
    _ole("Root Entry", "WordDocument", "Macros", "_VBA_PROJECT"),
    _ole("Root Entry", "Contents"),
    b"PK\x03\x04 not really a zip",
    b"BM\x00\x01 not a bitmap",
    bytes(range(256)),
])
def test_anything_else_is_not_opened(data: bytes) -> None:
    assert ft.detect(data) is None


def test_the_viewer_gets_the_hash_and_the_detected_extension() -> None:
    sha = "ab" * 32
    assert ft.safe_file_name(sha, ft.PDF) == "abababababababab.pdf"


def test_a_stored_name_is_cleaned_before_it_is_suggested() -> None:
    assert ft.shown_name("invoice\u202efdp.exe") == "invoicefdp.exe"
    assert ft.shown_name("../../etc/passwd") == "_.._etc_passwd"
    assert ft.shown_name("\u202e") == "evidence"
