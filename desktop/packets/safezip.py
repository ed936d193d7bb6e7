"""A careful reader for zip packets that arrive from outside, and a deterministic writer.

Everything that can be checked without touching member data is checked when the
archive is opened: the file size, the end-of-central-directory record (before
:mod:`zipfile` parses the directory, so a directory of millions of entries is refused
unread), every entry name, type, flag, method and declared size, the local headers, and
that no two entries share data (overlapping-entry zip bombs). Members are then streamed
with our own bounded inflate loop, which stops as soon as the output outgrows the
declared size and checks the CRC at the end. Nothing is ever extracted to disk, so no
path is ever built from a name found in the archive.

:mod:`zipfile` is used for the central directory only; its own member reader trusts the
declared size (it silently truncates to it), which is exactly what must not be trusted.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from desktop.fileio import atomic_output

__all__ = [
    "DEFAULT_LIMITS",
    "Entry",
    "Limits",
    "PacketFormatError",
    "SafeZipReader",
    "name_problem",
    "write_zip",
]

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


@dataclass(frozen=True)
class Limits:
    """Upper bounds for an untrusted archive; the defaults suit a monthly packet."""

    max_file_size: int = 512 * MIB
    max_entries: int = 10_000
    max_entry_size: int = 256 * MIB
    max_total_size: int = 1 * GIB
    max_ratio: int = 200
    # Small entries may compress extremely well (empty JSON lists); only big ones matter.
    ratio_threshold: int = 1 * MIB
    max_name_length: int = 512
    # Bounds the work zipfile does while parsing the directory, whatever the entry
    # count field claims (zipfile reads the directory by its byte size, not the count).
    max_directory_size: int = 16 * MIB


DEFAULT_LIMITS = Limits()


class PacketFormatError(Exception):
    """The archive is not an acceptable packet. ``code`` is stable for programs and
    tests; ``message_zh`` is shown to the clerk; ``message_en`` goes to the log."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"[{code}] {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class Entry:
    """A checked file entry. Sizes are as declared; reading verifies them."""

    name: str
    size: int
    compressed_size: int
    crc: int
    method: int
    data_offset: int


# --- messages -----------------------------------------------------------------------------


def _human(size: int) -> str:
    if size >= GIB:
        return f"{size / GIB:.1f} GB"
    if size >= MIB:
        return f"{size / MIB:.1f} MB"
    if size >= KIB:
        return f"{size / KIB:.1f} KB"
    return f"{size} 字节"


def _show(name: str, limit: int = 80) -> str:
    # Names come from the attacker: never echo control or bidi characters to the clerk.
    shown = "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _BAD_CATEGORIES else ch
        for ch in name[:limit]
    )
    return shown + ("…" if len(name) > limit else "")


def _not_a_zip(detail: str) -> PacketFormatError:
    return PacketFormatError(
        "not_a_zip",
        "该文件不是有效的报送包（无法作为压缩包读取），可能已损坏，或不是本系统导出的文件。",
        f"not a readable zip archive: {detail}",
    )


def _corrupt(detail: str) -> PacketFormatError:
    return PacketFormatError(
        "corrupt",
        "报送包内部结构损坏，无法读取。请让报送单位重新导出后再发送。",
        f"damaged archive structure: {detail}",
    )


def _bad_name(name: str, why: str) -> PacketFormatError:
    return PacketFormatError(
        "bad_name",
        f"报送包中含有不安全的文件名“{_show(name)}”，已拒绝。",
        f"unsafe entry name {name!r}: {why}",
    )


def _size_mismatch(name: str, detail: str) -> PacketFormatError:
    return PacketFormatError(
        "size_mismatch",
        f"报送包中的文件“{_show(name)}”实际大小与登记的大小不符，报送包可能已损坏或被篡改，已拒绝。",
        f"entry {name!r}: {detail}",
    )


# --- names --------------------------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")
# Control, format (bidi overrides, zero-width), surrogate, private-use and line/paragraph
# separators: none belongs in a file name a clerk will read.
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def name_problem(name: str, max_length: int = DEFAULT_LIMITS.max_name_length) -> str | None:
    """Why ``name`` is not an acceptable entry name, or None. A trailing '/' marks a
    directory entry and is allowed."""
    if not name or name == "/":
        return "empty name"
    if len(name) > max_length:
        return f"longer than {max_length} characters"
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/"):
        return "absolute path"
    if _DRIVE.match(name):
        return "starts with a drive letter"
    if ":" in name:
        # Drive-relative paths and NTFS alternate streams ("a.txt:evil").
        return "contains a colon"
    for ch in name:
        if unicodedata.category(ch) in _BAD_CATEGORIES:
            return f"contains control or invisible character U+{ord(ch):04X}"
    body = name.removesuffix("/")
    parts = body.split("/")
    if any(part == "" for part in parts):
        return "empty path component"
    if any(part in (".", "..") for part in parts):
        return "'.' or '..' component"
    if posixpath.normpath(body) != body:
        return "not a normalised path"
    # Some tools fold compatibility characters (full-width dots and slashes) before
    # using a name; make sure none turns into a separator or a parent reference then.
    for part in parts:
        folded = unicodedata.normalize("NFKC", part)
        if folded in (".", "..") or "/" in folded or "\\" in folded:
            return "becomes a path escape after Unicode normalisation"
    return None


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


# --- end of central directory ---------------------------------------------------------------

_EOCD = struct.Struct("<4s4H2LH")
_EOCD_SIG = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_LOCATOR_SIG = b"PK\x06\x07"
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_ZIP64_EOCD_SIG = b"PK\x06\x06"
_LOCAL = struct.Struct("<4s5H3L2H")
_LOCAL_SIG = b"PK\x03\x04"
_MAX_COMMENT = 0xFFFF


@dataclass(frozen=True)
class _Directory:
    entries: int
    size: int
    offset: int


def _read_at(fp: BinaryIO, offset: int, size: int) -> bytes:
    fp.seek(offset)
    data = fp.read(size)
    if len(data) != size:
        raise _corrupt(f"unexpected end of file at offset {offset}")
    return data


def _find_directory(fp: BinaryIO, file_size: int) -> _Directory:
    """Locate the central directory the way zipfile will, so its size and entry count
    can be bounded before zipfile reads it."""
    if file_size < _EOCD.size:
        raise _not_a_zip("too short")
    # Same search order as zipfile: first a record with no comment at the very end (all
    # our packets), which reads only 22 bytes; else the last signature in the final
    # 64 KiB, which may cover member bytes but only looks for the signature there.
    last = _read_at(fp, file_size - _EOCD.size, _EOCD.size)
    if last.startswith(_EOCD_SIG) and last[-2:] == b"\0\0":
        tail, tail_size, index = last, _EOCD.size, 0
    else:
        tail_size = min(file_size, _EOCD.size + _MAX_COMMENT)
        tail = _read_at(fp, file_size - tail_size, tail_size)
        index = tail.rfind(_EOCD_SIG)
        if index < 0 or index + _EOCD.size > tail_size:
            raise _not_a_zip("no end-of-central-directory record")
    eocd_pos = file_size - tail_size + index
    (_sig, disk, cd_disk, _disk_entries, entries, cd_size, cd_offset, _comment) = _EOCD.unpack(
        tail[index : index + _EOCD.size]
    )
    directory_end = eocd_pos
    if eocd_pos >= _ZIP64_LOCATOR.size:
        locator = _read_at(fp, eocd_pos - _ZIP64_LOCATOR.size, _ZIP64_LOCATOR.size)
        if locator.startswith(_ZIP64_LOCATOR_SIG):
            record_pos = eocd_pos - _ZIP64_LOCATOR.size - _ZIP64_EOCD.size
            if record_pos < 0:
                raise _not_a_zip("truncated zip64 record")
            record = _read_at(fp, record_pos, _ZIP64_EOCD.size)
            if record.startswith(_ZIP64_EOCD_SIG):
                fields = _ZIP64_EOCD.unpack(record)
                disk, cd_disk, entries, cd_size, cd_offset = (
                    fields[4],
                    fields[5],
                    fields[7],
                    fields[8],
                    fields[9],
                )
                directory_end = record_pos
    if disk != 0 or cd_disk != 0:
        raise _not_a_zip("multi-volume archives are not supported")
    if cd_offset + cd_size != directory_end:
        # Data before the archive (self-extractors) or a lying directory size.
        raise _corrupt("central directory is not where its record says")
    return _Directory(entries=entries, size=cd_size, offset=cd_offset)


# --- reader -------------------------------------------------------------------------------

_ENCRYPTED_FLAGS = 0x0001 | 0x0040 | 0x2000  # traditional, strong, central-directory
_UTF8_FLAG = 0x0800
_DESCRIPTOR_FLAG = 0x0008
_DOS_DIRECTORY = 0x10
_CHUNK = 64 * KIB
_SUPPORTED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class SafeZipReader:
    """Open an untrusted zip packet; raises :class:`PacketFormatError` if anything about
    its structure is unacceptable. Use as a context manager.

    ``source`` is a path (opened and closed here) or a seekable binary file object
    (left open). Errors opening a path (missing file, permissions) are OSError, as they
    are about the disk, not the packet.
    """

    def __init__(self, source: str | os.PathLike[str] | BinaryIO, limits: Limits = DEFAULT_LIMITS):
        self.limits = limits
        self._entries: dict[str, Entry] = {}
        if isinstance(source, str | os.PathLike):
            self._fp: BinaryIO = open(source, "rb")  # noqa: SIM115 - closed by close()
            self._owns_fp = True
        else:
            self._fp = source
            self._owns_fp = False
        try:
            self._check_archive()
        except BaseException:
            self.close()
            raise

    # context manager ------------------------------------------------------------------

    def __enter__(self) -> SafeZipReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_fp:
            self._fp.close()

    # queries --------------------------------------------------------------------------

    def names(self) -> list[str]:
        """File names in archive order (directory entries are left out)."""
        return list(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def entry(self, name: str) -> Entry:
        try:
            return self._entries[name]
        except KeyError:
            raise PacketFormatError(
                "missing_entry",
                f"报送包中缺少文件“{_show(name)}”，报送包不完整。",
                f"entry {name!r} is missing",
            ) from None

    # opening checks -------------------------------------------------------------------

    def _check_archive(self) -> None:
        limits = self.limits
        fp = self._fp
        file_size = fp.seek(0, os.SEEK_END)
        if file_size > limits.max_file_size:
            raise PacketFormatError(
                "too_large",
                f"报送包文件过大（{_human(file_size)}），"
                f"超过允许的 {_human(limits.max_file_size)}，已拒绝。",
                f"file is {file_size} bytes, limit {limits.max_file_size}",
            )
        directory = _find_directory(fp, file_size)
        if directory.entries > limits.max_entries:
            raise self._too_many(directory.entries)
        if directory.size > limits.max_directory_size:
            raise PacketFormatError(
                "too_many_entries",
                "报送包的文件目录过大，文件数量可能过多，已拒绝。",
                f"central directory is {directory.size} bytes, limit {limits.max_directory_size}",
            )
        try:
            fp.seek(0)
            archive = zipfile.ZipFile(fp)
        except Exception as exc:  # hostile bytes can trip zipfile in many ways
            raise _not_a_zip(f"{type(exc).__name__}: {exc}") from exc
        with archive:
            infos = archive.infolist()
            if getattr(archive, "start_dir", directory.offset) != directory.offset:
                raise _corrupt("zipfile found the directory elsewhere")
        if len(infos) > limits.max_entries:
            raise self._too_many(len(infos))
        self._check_entries(infos)
        self._check_local_headers(infos, directory.offset)

    def _too_many(self, count: int) -> PacketFormatError:
        limit = self.limits.max_entries
        return PacketFormatError(
            "too_many_entries",
            f"报送包中的文件数量过多（{count} 个，最多允许 {limit} 个），已拒绝。",
            f"{count} entries, limit {limit}",
        )

    def _check_entries(self, infos: list[zipfile.ZipInfo]) -> None:
        limits = self.limits
        seen: dict[str, str] = {}
        files: list[str] = []
        total = 0
        for info in infos:
            name = info.orig_filename  # zipfile's .filename has NULs cut and '\' changed
            is_dir = name.endswith("/")
            problem = name_problem(name, limits.max_name_length)
            if problem is None and name != info.filename:
                problem = "altered by the zip library (NUL or separator)"
            if problem is None and not name.isascii() and not info.flag_bits & _UTF8_FLAG:
                # Other tools would read these bytes in a local code page (GBK on a
                # Chinese Windows) and show a different name than we do.
                problem = "non-ASCII name not marked as UTF-8"
            if problem is not None:
                raise _bad_name(name, problem)
            key = _fold(name.removesuffix("/"))
            if key in seen:
                raise PacketFormatError(
                    "duplicate_name",
                    f"报送包中有重名的文件“{_show(name)}”（与“{_show(seen[key])}”重复），已拒绝。",
                    f"entry {name!r} duplicates {seen[key]!r}",
                )
            seen[key] = name
            self._check_type(info, name, is_dir)
            if info.flag_bits & _ENCRYPTED_FLAGS:
                raise PacketFormatError(
                    "encrypted",
                    f"报送包中的文件“{_show(name)}”经过加密，无法核验，已拒绝。",
                    f"entry {name!r} is encrypted",
                )
            if info.compress_type not in _SUPPORTED_METHODS:
                raise PacketFormatError(
                    "unsupported_method",
                    f"报送包中的文件“{_show(name)}”使用了本系统不支持的压缩方式，已拒绝。",
                    f"entry {name!r} uses compression method {info.compress_type}",
                )
            if is_dir:
                if info.file_size != 0:
                    raise PacketFormatError(
                        "bad_entry",
                        f"报送包中的目录“{_show(name)}”带有数据，不符合格式，已拒绝。",
                        f"directory entry {name!r} declares {info.file_size} bytes",
                    )
                continue
            self._check_sizes(info, name)
            total += info.file_size
            if total > limits.max_total_size:
                raise PacketFormatError(
                    "total_too_large",
                    f"报送包解压后的总大小超过允许的 {_human(limits.max_total_size)}，已拒绝。",
                    f"declared total exceeds {limits.max_total_size} bytes",
                )
            files.append(name)
        # A name used both as a file and as a folder ("a" and "a/b") is ambiguous.
        folders: set[str] = set()
        for name in seen.values():
            parts = name.removesuffix("/").split("/")
            folders.update(_fold("/".join(parts[:i])) for i in range(1, len(parts)))
        for name in files:
            if _fold(name) in folders:
                raise PacketFormatError(
                    "duplicate_name",
                    f"报送包中的“{_show(name)}”既是文件又是文件夹，已拒绝。",
                    f"entry {name!r} is used both as a file and as a folder",
                )

    def _check_type(self, info: zipfile.ZipInfo, name: str, is_dir: bool) -> None:
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise PacketFormatError(
                "symlink",
                f"报送包中含有链接文件“{_show(name)}”，已拒绝。",
                f"entry {name!r} is a symbolic link",
            )
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise PacketFormatError(
                "special_file",
                f"报送包中含有特殊类型的文件“{_show(name)}”，已拒绝。",
                f"entry {name!r} has file type {kind:o}",
            )
        says_dir = kind == stat.S_IFDIR or bool(info.external_attr & _DOS_DIRECTORY)
        if says_dir and not is_dir:
            raise PacketFormatError(
                "bad_entry",
                f"报送包中的“{_show(name)}”标记为文件夹但名称不符合格式，已拒绝。",
                f"entry {name!r} is marked as a directory but its name lacks a trailing '/'",
            )
        if is_dir and kind == stat.S_IFREG:
            raise PacketFormatError(
                "bad_entry",
                f"报送包中的“{_show(name)}”名称像文件夹，却标记为普通文件，已拒绝。",
                f"entry {name!r} ends with '/' but is marked as a regular file",
            )

    def _check_sizes(self, info: zipfile.ZipInfo, name: str) -> None:
        limits = self.limits
        if info.file_size > limits.max_entry_size:
            raise PacketFormatError(
                "entry_too_large",
                f"报送包中的文件“{_show(name)}”过大（{_human(info.file_size)}），"
                f"超过允许的 {_human(limits.max_entry_size)}，已拒绝。",
                f"entry {name!r} declares {info.file_size} bytes, limit {limits.max_entry_size}",
            )
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise _size_mismatch(name, "stored entry with different compressed size")
        if (
            info.file_size > limits.ratio_threshold
            and info.file_size > limits.max_ratio * info.compress_size
        ):
            raise PacketFormatError(
                "compression_bomb",
                f"报送包中的文件“{_show(name)}”压缩比例异常（疑似恶意构造的“压缩炸弹”），已拒绝。",
                f"entry {name!r} expands {info.compress_size} bytes to {info.file_size}",
            )

    def _check_local_headers(self, infos: list[zipfile.ZipInfo], directory_offset: int) -> None:
        spans: list[tuple[int, int, str]] = []
        for info in infos:
            name = info.orig_filename
            start = info.header_offset
            if start < 0 or start + _LOCAL.size > directory_offset:
                raise _corrupt(f"entry {name!r} starts outside the data area")
            (sig, _ver, flags, method, _time, _date, crc, csize, usize, name_len, extra_len) = (
                _LOCAL.unpack(_read_at(self._fp, start, _LOCAL.size))
            )
            if sig != _LOCAL_SIG:
                raise _corrupt(f"entry {name!r} has no local header")
            raw_name = _read_at(self._fp, start + _LOCAL.size, name_len)
            try:
                local_name = raw_name.decode("utf-8" if flags & _UTF8_FLAG else "cp437")
            except UnicodeDecodeError:
                local_name = None
            if local_name != name:
                # Tools that read local headers would see another name than we checked.
                raise _corrupt(f"entry {name!r}: local header names another file")
            if flags & _ENCRYPTED_FLAGS:
                raise PacketFormatError(
                    "encrypted",
                    f"报送包中的文件“{_show(name)}”经过加密，无法核验，已拒绝。",
                    f"entry {name!r} is encrypted (local header)",
                )
            if method != info.compress_type:
                raise _corrupt(f"entry {name!r}: local and central compression methods differ")
            if not flags & _DESCRIPTOR_FLAG:
                if crc != info.CRC:
                    raise _corrupt(f"entry {name!r}: local and central CRC differ")
                if (csize != 0xFFFFFFFF and csize != info.compress_size) or (
                    usize != 0xFFFFFFFF and usize != info.file_size
                ):
                    raise _size_mismatch(name, "local and central headers declare different sizes")
            data_offset = start + _LOCAL.size + name_len + extra_len
            end = data_offset + info.compress_size
            if end > directory_offset:
                raise _size_mismatch(name, "compressed data runs past the end of the data area")
            spans.append((start, end, name))
            if not name.endswith("/"):
                self._entries[name] = Entry(
                    name=name,
                    size=info.file_size,
                    compressed_size=info.compress_size,
                    crc=info.CRC,
                    method=info.compress_type,
                    data_offset=data_offset,
                )
        spans.sort()
        for (_start, end, name), (next_start, _end, next_name) in itertools.pairwise(spans):
            if next_start < end:
                raise PacketFormatError(
                    "overlapping_entries",
                    "报送包结构异常（文件数据相互重叠，疑似恶意构造），已拒绝。",
                    f"entries {name!r} and {next_name!r} share data",
                )

    # reading --------------------------------------------------------------------------

    def iter_chunks(self, name: str, max_size: int) -> Iterator[bytes]:
        """Stream one member. The size and CRC are only confirmed when the iterator is
        exhausted, so treat the chunks as untrusted until then (or use :meth:`read`)."""
        entry = self.entry(name)
        limit = min(max_size, self.limits.max_entry_size)
        if entry.size > limit:
            raise PacketFormatError(
                "entry_too_large",
                f"报送包中的文件“{_show(name)}”过大（{_human(entry.size)}），"
                f"超过允许的 {_human(limit)}，已拒绝。",
                f"entry {name!r} declares {entry.size} bytes, limit {limit}",
            )
        position = entry.data_offset
        remaining = entry.compressed_size
        produced = 0
        crc = 0
        inflater = zlib.decompressobj(-15) if entry.method == zipfile.ZIP_DEFLATED else None

        def take(out: bytes) -> bytes:
            nonlocal produced, crc
            produced += len(out)
            if produced > entry.size:
                raise _size_mismatch(name, f"more data than the declared {entry.size} bytes")
            crc = zlib.crc32(out, crc)
            return out

        while remaining > 0 and not (inflater is not None and inflater.eof):
            # Seek every time: several iterators may be alive on the same file.
            raw = _read_at(self._fp, position, min(_CHUNK, remaining))
            position += len(raw)
            remaining -= len(raw)
            if inflater is None:
                yield take(raw)
                continue
            pending = raw
            while True:
                try:
                    out = inflater.decompress(pending, _CHUNK)
                except zlib.error as exc:
                    raise _corrupt(f"entry {name!r}: {exc}") from exc
                pending = inflater.unconsumed_tail
                if out:
                    yield take(out)
                # A full output buffer may leave more output inside zlib; ask again.
                if inflater.eof or (not pending and len(out) < _CHUNK):
                    break
        if inflater is not None and (not inflater.eof or remaining or inflater.unused_data):
            raise _size_mismatch(name, "compressed data does not end where declared")
        if produced != entry.size:
            raise _size_mismatch(name, f"{produced} bytes instead of the declared {entry.size}")
        if crc != entry.crc:
            raise PacketFormatError(
                "crc_mismatch",
                f"报送包中的文件“{_show(name)}”校验失败，报送包可能已损坏或被篡改，已拒绝。",
                f"entry {name!r}: CRC-32 does not match",
            )

    def read(self, name: str, max_size: int) -> bytes:
        """The complete, size- and CRC-checked content of one member."""
        return b"".join(self.iter_chunks(name, max_size))


# --- writing ------------------------------------------------------------------------------

_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_REGULAR_FILE_ATTR = (stat.S_IFREG | 0o644) << 16
_UNIX = 3


def write_zip(path: Path, entries: Mapping[str, bytes]) -> None:
    """Write a packet archive byte-for-byte reproducibly (same entries → same file with
    the same zlib): sorted names, fixed dates and attributes, DEFLATE, atomic replace."""
    folded: dict[str, str] = {}
    for name in entries:
        problem = name_problem(name)
        if problem is not None or name.endswith("/"):
            raise ValueError(f"unacceptable entry name {name!r}: {problem or 'directory'}")
        key = _fold(name)
        if key in folded:
            raise ValueError(f"entry names {name!r} and {folded[key]!r} differ only in case")
        folded[key] = name
    with atomic_output(Path(path)) as handle, zipfile.ZipFile(handle, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX  # default depends on the OS writing it
            info.external_attr = _REGULAR_FILE_ATTR
            archive.writestr(info, entries[name], compresslevel=6)
