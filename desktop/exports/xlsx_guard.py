"""Opening a workbook someone hands us, safely.

Everything is checked before openpyxl parses a byte: the file size, the OLE header
of encrypted or legacy files, the zip directory (declared sizes, encrypted
entries), and every XML part, streamed with a byte budget, for a DTD or entity
declaration (the "billion laughs" family) and for an absurd number of rows.
openpyxl then parses with defusedxml, which we insist on as a second wall.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
import warnings
import zipfile
import zlib
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as DefusedET
import openpyxl
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange

from desktop.i18n import Msg, UserError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_ROWS = 200_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20

# Markup that has no business in a workbook, in the encodings XML parts may use.
_DTD_MARKERS = tuple(
    marker.encode(enc)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for enc in ("utf-8", "utf-16-le", "utf-16-be")
)
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
# The row number of a <row> start tag (rows without one follow the one before).
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\s[^>]*?(?<![\w:.-])r\s*=\s*[\"'](\d{1,9})[\"']")
# The first element of a part (the XML declaration, comments and PIs start "<?"/"<!").
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.-]*(?::[\w.-]+)?)[^>]*>")
_MERGE_START = re.compile(rb"<((?:[\w.-]+:)?)mergeCells[\s>/]")
_TAIL = 512  # bytes carried from one chunk to the next: longer than any tag we look for

BLANK = EMPTY_CELL  # what a read-only sheet gives for a cell that is not in the file


def not_workbook(path: Path, detail: str = "") -> UserError:
    return UserError(Msg(
        f"“{path.name}”不是 Excel 工作簿（.xlsx），或文件已损坏。",
        f"“{path.name}” is not an Excel workbook (.xlsx), or it is damaged.",
    ), detail)


def encrypted(path: Path) -> UserError:
    return UserError(Msg(
        f"“{path.name}”：文件已加密或不是 .xlsx 格式（加了密码的工作簿，或旧版 .xls）。"
        "请在 Excel 中取消密码并另存为 .xlsx 后再导入。",
        f"“{path.name}”: the file is encrypted or not .xlsx (a password-protected workbook "
        "or a legacy .xls). Remove the password and save as .xlsx, then import again.",
    ))


def too_big(path: Path, what_zh: str, what_en: str) -> UserError:
    return UserError(Msg(
        f"“{path.name}”太大：{what_zh}。台账导出的工作簿不会这么大，请检查是否选错了文件。",
        f"“{path.name}” is too large: {what_en}. A ledger workbook is never this big; "
        "check that this is the right file.",
    ))


def unsafe(path: Path, part: str) -> UserError:
    return UserError(Msg(
        f"“{path.name}”含有不安全的 XML 内容（DTD 或实体声明，位于 {part}），已拒绝导入。"
        "台账导出的工作簿不含这些内容。",
        f"“{path.name}” contains unsafe XML (a DTD or entity declaration in {part}); "
        "refused. Ledger workbooks never contain these.",
    ))


def ensure_defusedxml() -> None:
    """openpyxl only parses with defusedxml when it is installed and not switched off
    (OPENPYXL_DEFUSEDXML=False); refuse to read strangers' files otherwise."""
    from openpyxl.xml import functions

    if not (openpyxl.DEFUSEDXML and functions.iterparse.__module__.startswith("defusedxml")):
        raise UserError(Msg(
            "缺少安全组件 defusedxml（或已被关闭），为安全起见不能导入工作簿。请重新安装整改台账。",
            "The defusedxml safety package is missing or switched off; workbooks cannot be "
            "imported. Please reinstall the program.",
        ))


def cannot_read(path: Path, e: OSError) -> UserError:
    return UserError(Msg(f"无法读取“{path}”：{e.strerror}。",
                         f"Cannot read “{path}”: {e.strerror}."))


def check_file(path: Path) -> None:
    """Raise UserError unless ``path`` looks like a plain, sane .xlsx."""
    path = Path(path)
    try:
        f = path.open("rb")
    except OSError as e:
        raise cannot_read(path, e) from e
    with f:
        _check_handle(path, f)


def _check_handle(path: Path, f: IO[bytes]) -> None:
    """check_file on an open file, the very one that is then loaded (no window in
    which the file could be swapped between the check and the load)."""
    try:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):  # a device or pipe has no end to read to
            raise not_workbook(path)
        size = st.st_size
        f.seek(0)
        head = f.read(8)
    except OSError as e:
        raise cannot_read(path, e) from e
    if size > MAX_FILE_BYTES:
        raise too_big(path, f"文件 {size / 2**20:.0f} MB，上限 50 MB",
                      f"{size / 2**20:.0f} MB, the limit is 50 MB")
    if head == OLE_MAGIC:
        raise encrypted(path)
    if not zipfile.is_zipfile(f):
        raise not_workbook(path)
    try:
        with zipfile.ZipFile(f) as z:
            _check_zip(path, z)
    except OSError as e:
        raise cannot_read(path, e) from e
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as e:
        raise not_workbook(path, str(e)) from e


def _check_zip(path: Path, z: zipfile.ZipFile) -> None:
    infos = z.infolist()
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise not_workbook(path)
    if any(i.flag_bits & 0x1 for i in infos):
        raise encrypted(path)
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNPACKED_BYTES:
        raise too_big(path, f"解压后 {declared / 2**20:.0f} MB，上限 500 MB",
                      f"{declared / 2**20:.0f} MB unpacked, the limit is 500 MB")
    budget = MAX_UNPACKED_BYTES
    rows = 0
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet = info.filename.startswith("xl/worksheets/")
        tail = b""
        with z.open(info) as member:
            # Sizes in the zip directory can lie; count what really comes out.
            while chunk := member.read(_CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    raise too_big(path, "解压后超过 500 MB", "more than 500 MB unpacked")
                window = tail + chunk
                if any(m in window for m in _DTD_MARKERS):
                    raise unsafe(path, info.filename)
                if is_sheet:
                    rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
                    if rows > MAX_ROWS:
                        raise too_big(path, f"超过 {MAX_ROWS:,} 行", f"more than {MAX_ROWS:,} rows")
                tail = window[-32:]


def _from_defusedxml(e: BaseException | None) -> bool:
    """openpyxl wraps parse errors in ValueError; look down the chain."""
    seen = 0
    while e is not None and seen < 10:
        if type(e).__module__.startswith("defusedxml"):
            return True
        e = e.__cause__ or e.__context__
        seen += 1
    return False


def damaged(path: Path, e: BaseException) -> UserError:
    """What openpyxl's failure to parse a part means to the clerk."""
    if _from_defusedxml(e):
        return unsafe(path, "?")
    return not_workbook(path, f"{type(e).__name__}: {e}")


def row_limit(path: Path) -> UserError:
    return too_big(path, f"超过 {MAX_ROWS:,} 行", f"more than {MAX_ROWS:,} rows")


def open_workbook(path: Path) -> OpenWorkbook:
    """Check, then load read-only with formulas kept as formulas (so we can refuse
    them).  Use as a context manager: the file stays open until the rows are read."""
    path = Path(path)
    try:
        f = path.open("rb")
    except OSError as e:
        raise cannot_read(path, e) from e
    wb: Workbook | None = None
    try:
        _check_handle(path, f)
        ensure_defusedxml()
        f.seek(0)
        try:
            with warnings.catch_warnings():
                # "extension not supported" and the like: parts we ignore anyway.
                warnings.simplefilter("ignore", UserWarning)
                wb = openpyxl.load_workbook(f, read_only=True, data_only=False,
                                            keep_links=False)
        except Exception as e:  # openpyxl raises many kinds on damaged parts
            raise damaged(path, e) from e
        sheets = _scan_sheets(path, f, wb)
        if sum(s.extent for s in sheets.values()) > MAX_ROWS:
            raise row_limit(path)
        return OpenWorkbook(path, f, wb, sheets)
    except BaseException:
        if wb is not None:
            wb.close()
        f.close()
        raise


@dataclass
class SheetScan:
    """What we learn about one sheet from its XML before reading its rows."""

    merged: list[CellRange] = field(default_factory=list)  # in file order
    rows: int = 0  # <row> elements
    extent: int = 0  # the last row the sheet reaches (numbered rows, merged ranges)


class OpenWorkbook:
    """A workbook loaded read-only, its file kept open until :meth:`close`."""

    def __init__(self, path: Path, handle: IO[bytes], wb: Workbook,
                 sheets: dict[str, SheetScan]) -> None:
        self.path, self._handle, self.wb, self._sheets = path, handle, wb, sheets
        self._rows_read = 0

    def __enter__(self) -> OpenWorkbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.wb.close()
        finally:
            self._handle.close()

    @property
    def sheetnames(self) -> list[str]:
        """Every sheet, chart sheets included, in workbook order."""
        return list(self.wb.sheetnames)

    @property
    def worksheets(self) -> list[str]:
        """The sheets that have rows."""
        return list(self._sheets)

    def merged(self, title: str) -> list[CellRange]:
        return self._sheets[title].merged

    def extent(self, title: str) -> int:
        return self._sheets[title].extent

    def rows(self, title: str, batch: int = 256) -> Generator[Sequence[Any], None, None]:
        """Every row of the sheet from row 1 on, to its last row (a row missing from
        the file comes empty), each as many cells as up to that row's last cell; a
        cell that is not in the file is :data:`BLANK`.  Read-only cells carry no
        reliable row number: count the rows."""
        it = self.wb[title].iter_rows()
        while True:
            try:
                with warnings.catch_warnings():
                    # e.g. a date serial out of range, which becomes an error value
                    warnings.simplefilter("ignore", UserWarning)
                    rows = list(itertools.islice(it, batch))
            except Exception as e:  # a part openpyxl cannot parse
                raise damaged(self.path, e) from e
            if not rows:
                return
            self._rows_read += len(rows)
            if self._rows_read > MAX_ROWS:  # numbering the scan could not see
                raise row_limit(self.path)
            yield from rows


def _scan_sheets(path: Path, f: IO[bytes], wb: Workbook) -> dict[str, SheetScan]:
    sheets: dict[str, SheetScan] = {}
    budget = [MAX_UNPACKED_BYTES]
    try:
        with zipfile.ZipFile(f) as z:
            for ws in wb.worksheets:
                # the part openpyxl reads the sheet from (set when loading read-only)
                sheets[ws.title] = _scan_sheet(path, z, ws._worksheet_path, budget)
                ws.reset_dimensions()  # read to the end of the sheet, whatever it says
    except UserError:
        raise
    except OSError as e:
        raise cannot_read(path, e) from e
    except Exception as e:  # a damaged zip, or an unreadable part
        raise damaged(path, e) from e
    return sheets


def _scan_sheet(path: Path, z: zipfile.ZipFile, part: str, budget: list[int]) -> SheetScan:
    """Count the rows, find the last row number and the merged cells of one sheet.

    The part is streamed once, with the same guards as the pre-scan; the
    ``<mergeCells>`` element (after the rows) is cut out and parsed with defusedxml
    inside a copy of the part's root tag, so that prefixes resolve as in the part.
    Anything unusual (UTF-16, a fragment that does not parse) falls back to parsing
    the whole part."""
    scan = SheetScan()
    top = 0
    head = b""  # the start of the part, until its root tag is complete
    root: re.Match[bytes] | None = None
    fragment = bytearray()  # from <mergeCells on
    end: re.Pattern[bytes] | None = None  # the end of the fragment, once it started
    complete = False
    tail = b""
    with z.open(part) as member:
        while chunk := member.read(_CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise too_big(path, "解压后超过 500 MB", "more than 500 MB unpacked")
            window = tail + chunk
            if any(m in window for m in _DTD_MARKERS):
                raise unsafe(path, part)
            if not tail and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]):
                return _parse_sheet(path, z, part)  # UTF-16: our byte patterns do not apply
            if root is None:
                head = (head + chunk)[:1 << 16]
                root = _ROOT_TAG.search(head)
            scan.rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
            for m in _ROW_NUMBER.finditer(window):
                top = max(top, int(m.group(1)))
            if end is not None and not complete:
                since = max(len(fragment) - _TAIL, 0)
                fragment += chunk
                if found := end.search(fragment, since):
                    del fragment[found.end():]
                    complete = True
            elif not fragment and (start := _MERGE_START.search(window)):
                fragment += window[start.start():]
                end = re.compile(rb"\A<[^>]*/>|</" + re.escape(start.group(1))
                                 + rb"mergeCells\s*>")
                if found := end.search(fragment):
                    del fragment[found.end():]
                    complete = True
            tail = window[-_TAIL:]
    scan.extent = max(top, scan.rows)
    if not fragment:
        return scan
    if root is None or not complete or root.group(0).endswith(b"/>"):
        return _parse_sheet(path, z, part)
    doc = root.group(0) + bytes(fragment) + b"</" + root.group(1) + b">"
    try:
        refs = _merge_refs(DefusedET.fromstring(doc, forbid_dtd=True))
    except ParseError:
        return _parse_sheet(path, z, part)
    return _with_merged(path, scan, refs)


def _parse_sheet(path: Path, z: zipfile.ZipFile, part: str) -> SheetScan:
    """The slow, sure way: parse the whole part (defusedxml, as openpyxl does)."""
    scan = SheetScan()
    refs = []
    number = 0
    with z.open(part) as member:
        for _, el in DefusedET.iterparse(member, forbid_dtd=True):
            local = el.tag.rpartition("}")[2]
            if local == "row":
                r = el.get("r")
                number = int(r) if r and r.isdigit() else number + 1
                scan.rows += 1
                scan.extent = max(scan.extent, number)
                el.clear()
            elif local == "mergeCell":
                refs.append(el.get("ref") or "")
    scan.extent = max(scan.extent, scan.rows)
    return _with_merged(path, scan, refs)


def _merge_refs(root: Any) -> list[str]:
    return [el.get("ref") or "" for el in root.iter()
            if isinstance(el.tag, str) and el.tag.rpartition("}")[2] == "mergeCell"]


def _with_merged(path: Path, scan: SheetScan, refs: list[str]) -> SheetScan:
    seen = set()
    for ref in refs:
        try:
            cr = CellRange(ref)
        except (TypeError, ValueError) as e:
            raise not_workbook(path, f"mergeCell {ref!r}: {e}") from e
        if cr.coord not in seen:
            seen.add(cr.coord)
            scan.merged.append(cr)
            scan.extent = max(scan.extent, cr.max_row)
    return scan
