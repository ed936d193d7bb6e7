"""Opening a workbook someone hands us, safely.

Everything is checked before openpyxl parses a byte: the file size, the OLE header
of encrypted or legacy files, the zip directory (declared sizes, encrypted
entries), and every XML part, streamed with a byte budget, for a DTD or entity
declaration (the "billion laughs" family) and for an absurd number of rows.
openpyxl then parses with defusedxml, which we insist on as a second wall.
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

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


def check_file(path: Path) -> None:
    """Raise UserError unless ``path`` looks like a plain, sane .xlsx."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        raise UserError(Msg(f"无法读取“{path}”：{e.strerror}。",
                            f"Cannot read “{path}”: {e.strerror}.")) from e
    if size > MAX_FILE_BYTES:
        raise too_big(path, f"文件 {size / 2**20:.0f} MB，上限 50 MB",
                      f"{size / 2**20:.0f} MB, the limit is 50 MB")
    if head == OLE_MAGIC:
        raise encrypted(path)
    if not zipfile.is_zipfile(path):
        raise not_workbook(path)
    try:
        with zipfile.ZipFile(path) as z:
            _check_zip(path, z)
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


def open_workbook(path: Path) -> Workbook:
    """Check, then load with formulas kept as formulas (so we can refuse them)."""
    path = Path(path)
    check_file(path)
    ensure_defusedxml()
    try:
        # Our own handle: openpyxl leaves its file open when a part fails to parse.
        with path.open("rb") as f, warnings.catch_warnings():
            # "extension not supported" and the like: parts we ignore anyway.
            warnings.simplefilter("ignore", UserWarning)
            wb = openpyxl.load_workbook(f, data_only=False, keep_links=False)
    except Exception as e:  # openpyxl raises many kinds on damaged parts
        if _from_defusedxml(e):
            raise unsafe(path, "?") from e
        raise not_workbook(path, f"{type(e).__name__}: {e}") from e
    if sum(ws.max_row for ws in wb.worksheets) > MAX_ROWS:
        raise too_big(path, f"超过 {MAX_ROWS:,} 行", f"more than {MAX_ROWS:,} rows")
    return wb
