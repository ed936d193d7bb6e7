"""What an evidence file really is, from its first bytes, never from its name.

Evidence comes from other desks' packets as well as from the clerk, and a stored
name such as ``payload.bat`` or ``invoice\\u202efdp.exe`` (shown as "invoiceexe.pdf")
must never decide which program the operating system starts.  Only documents and
pictures recognised here are handed to the system's viewer, under a name made from
the file's hash and the extension of the detected type; anything else can only be
saved as a file.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass

__all__ = ["FileType", "detect", "safe_file_name", "shown_name"]


@dataclass(frozen=True)
class FileType:
    extension: str  # with the dot, as the viewer's name gets it
    media_type: str


PDF = FileType(".pdf", "application/pdf")
PNG = FileType(".png", "image/png")
JPEG = FileType(".jpg", "image/jpeg")
GIF = FileType(".gif", "image/gif")
BMP = FileType(".bmp", "image/bmp")
TIFF = FileType(".tif", "image/tiff")
WEBP = FileType(".webp", "image/webp")
DOCX = FileType(".docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOC = FileType(".doc", "application/msword")
XLS = FileType(".xls", "application/vnd.ms-excel")
TEXT = FileType(".txt", "text/plain")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}
# Text may hold tabs, line and page breaks; any other control character means binary.
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}


def detect(data: bytes) -> FileType | None:
    """The document or picture type ``data`` is, or None (not one we let the system open)."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"BM") and len(data) > 26 and \
            int.from_bytes(data[14:18], "little") in _BMP_HEADER_SIZES:
        return BMP
    if head.startswith(b"PK\x03\x04"):
        return _office_open_xml(data)
    if head.startswith(_OLE):
        return _ole_document(data)
    return TEXT if _is_text(data) else None


def _office_open_xml(data: bytes) -> FileType | None:
    """A Word or Excel file: a zip with ``[Content_Types].xml`` and the part that
    names its kind.  Macro-enabled files (a VBA project inside) are not opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # reads the directory only
            names = {n.lower() for n in archive.namelist()}
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[content_types].xml" not in names or any(n.endswith("vbaproject.bin") for n in names):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _ole_document(data: bytes) -> FileType | None:
    """A Word 97–2003 or Excel 97–2003 file.  Their storage names are UTF-16 in the
    compound file's directory; a file with a macro storage is not opened."""
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("_VBA_PROJECT") or has("Macros"):
        return None
    if has("WordDocument"):
        return DOC
    if has("Workbook") or has("Book"):
        return XLS
    return None


def _is_text(data: bytes) -> bool:
    if not data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any(
            (unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS) for ch in text
        )
    return False


def safe_file_name(sha256: str, kind: FileType) -> str:
    """The name the viewer gets: the record's hash, the detected type's extension."""
    return sha256[:16] + kind.extension


def shown_name(name: str) -> str:
    """A stored name fit to suggest in a save dialog: no control or format characters
    (the right-to-left override that disguises ``exe`` as ``pdf``), no folders."""
    cleaned = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    cleaned = cleaned.replace("/", "_").replace("\\", "_").strip(" .")
    return cleaned or "evidence"
