"""The untrusted-zip reader: one test per refusal, a round trip, and fuzzing."""

from __future__ import annotations

import contextlib
import io
import os
import random
import stat
import struct
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.packets.safezip import (
    Limits,
    PacketFormatError,
    SafeZipReader,
    name_problem,
    write_zip,
)

TEXT = "第一条 整改措施：加强扬尘管控。\n".encode() * 40


def noise(size: int, seed: int = 1) -> bytes:
    # Incompressible bytes, so compression ratios stay ordinary.
    return random.Random(seed).randbytes(size)


def make_zip(
    entries: list[tuple[str | zipfile.ZipInfo, bytes]],
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicates we want
        with zipfile.ZipFile(buffer, "w", compression=method) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def open_bytes(data: bytes, limits: Limits | None = None) -> SafeZipReader:
    return SafeZipReader(io.BytesIO(data), limits) if limits else SafeZipReader(io.BytesIO(data))


def refused(data: bytes, code: str, limits: Limits | None = None) -> PacketFormatError:
    with pytest.raises(PacketFormatError) as caught:
        open_bytes(data, limits).close()
    assert caught.value.code == code, caught.value
    assert caught.value.message_zh and caught.value.message_en
    return caught.value


# Offsets of header fields, for hand-made damage.
LOCAL_FLAGS, LOCAL_CRC, LOCAL_CSIZE, LOCAL_USIZE = 6, 14, 18, 22
CENTRAL_FLAGS, CENTRAL_CRC, CENTRAL_CSIZE, CENTRAL_USIZE = 8, 16, 20, 24


def header_offsets(data: bytes) -> list[tuple[int, int]]:
    """(local header offset, central header offset) of every entry, in order."""
    cd_size, cd_offset = struct.unpack_from("<LL", data, len(data) - 22 + 12)
    result = []
    position = cd_offset
    while position < cd_offset + cd_size:
        assert data[position : position + 4] == b"PK\x01\x02"
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, position + 28)
        (local,) = struct.unpack_from("<L", data, position + 42)
        result.append((local, position))
        position += 46 + name_len + extra_len + comment_len
    return result


def patch(
    data: bytes, entry: int, local_field: int, central_field: int, fmt: str, value: int
) -> bytes:
    out = bytearray(data)
    local, central = header_offsets(data)[entry]
    struct.pack_into(fmt, out, local + local_field, value)
    struct.pack_into(fmt, out, central + central_field, value)
    return bytes(out)


def rename(data: bytes, old: bytes, new: bytes) -> bytes:
    """Replace a name in both headers with raw bytes zipfile would not write."""
    assert len(old) == len(new) and data.count(old) == 2
    return data.replace(old, new)


# --- accepted ---------------------------------------------------------------------------


def test_round_trip_and_determinism(tmp_path: Path) -> None:
    entries = {
        "manifest.json": b'{"kind":"county-report"}',
        "data/ledger.json": TEXT,
        "evidence/ab/现场照片.jpg": noise(5000),
        "empty.txt": b"",
    }
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    write_zip(first, entries)
    write_zip(second, dict(reversed(entries.items())))
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip", "b.zip"]  # no temp files

    with zipfile.ZipFile(first) as plain:
        infos = plain.infolist()
    assert [i.filename for i in infos] == sorted(entries)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.external_attr >> 16 == stat.S_IFREG | 0o644

    with SafeZipReader(first) as reader:
        assert reader.names() == sorted(entries)
        assert "manifest.json" in reader and "nope" not in reader
        for name, data in entries.items():
            assert reader.read(name, 1 << 20) == data
            assert b"".join(reader.iter_chunks(name, 1 << 20)) == data


def test_large_member_streams_in_chunks(tmp_path: Path) -> None:
    data = noise(300_000) + bytes(700_000)
    write_zip(tmp_path / "p.zip", {"big.bin": data})
    with SafeZipReader(tmp_path / "p.zip") as reader:
        chunks = list(reader.iter_chunks("big.bin", 1 << 21))
    assert len(chunks) > 1 and b"".join(chunks) == data


def test_directory_entries_are_ignored() -> None:
    data = make_zip([("folder/", b""), ("folder/a.txt", b"a"), ("b.txt", b"b")])
    with open_bytes(data) as reader:
        assert reader.names() == ["folder/a.txt", "b.txt"]


def test_stored_entries_are_accepted() -> None:
    data = make_zip([("a.txt", TEXT)], method=zipfile.ZIP_STORED)
    with open_bytes(data) as reader:
        assert reader.read("a.txt", 1 << 20) == TEXT


def test_no_member_data_is_read_while_checking() -> None:
    class Recording(io.BytesIO):
        def __init__(self, data: bytes) -> None:
            super().__init__(data)
            self.spans: list[tuple[int, int]] = []

        def read(self, size: int | None = -1, /) -> bytes:
            start = self.tell()
            out = super().read(size)
            self.spans.append((start, start + len(out)))
            return out

    data = make_zip([(f"e{i}.bin", noise(3000, i)) for i in range(5)])
    source = Recording(data)
    with SafeZipReader(source) as reader:
        member_spans = [
            (
                reader.entry(n).data_offset,
                reader.entry(n).data_offset + reader.entry(n).compressed_size,
            )
            for n in reader.names()
        ]
        for start, end in source.spans:
            for data_start, data_end in member_spans:
                assert end <= data_start or start >= data_end


# --- refused: the file as a whole ------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"hello", noise(1000), b"PK\x03\x04" + bytes(100)])
def test_not_a_zip(data: bytes) -> None:
    refused(data, "not_a_zip")


def test_too_large_file() -> None:
    data = make_zip([("a.bin", noise(2000))])
    error = refused(data, "too_large", Limits(max_file_size=1000))
    assert "报送包文件过大" in error.message_zh


def test_too_many_entries() -> None:
    data = make_zip([(f"{i}.txt", b"x") for i in range(6)])
    refused(data, "too_many_entries", Limits(max_entries=5))
    # The directory's byte size is bounded too, whatever the count field says.
    refused(data, "too_many_entries", Limits(max_directory_size=100))


def test_prepended_data_is_refused() -> None:
    refused(b"MZ self-extractor stub" + make_zip([("a.txt", b"a")]), "corrupt")


# --- refused: names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "data/../../evil.txt",
        "/etc/passwd",
        "C:/Windows/evil.dll",
        "C:evil.txt",
        "a.txt:stream",
        "data\\..\\evil.txt",
        "data//a.txt",
        "./a.txt",
        "data/./a.txt",
        "data/..",
        "tab\there.txt",
        "报告\u202efdp.exe",  # right-to-left override hides the real extension
        "zero\u200bwidth.txt",
        "．．/evil.txt",  # full-width dots become '..' under NFKC
        "x" * 600,
    ],
)
def test_bad_names(name: str) -> None:
    error = refused(make_zip([(name, b"x")]), "bad_name")
    assert error.message_zh.startswith("报送包中含有不安全的文件名“")
    assert "\u202e" not in error.message_zh  # never echoed raw to the clerk


def test_nul_in_name() -> None:
    data = rename(make_zip([("aXb.txt", b"x")]), b"aXb.txt", b"a\x00b.txt")
    refused(data, "bad_name")


def test_non_ascii_name_without_utf8_flag() -> None:
    # GBK bytes for 保 without the UTF-8 flag: other tools would show another name.
    data = rename(make_zip([("ab.txt", b"x")]), b"ab.txt", b"\xb1\xa3.txt")
    refused(data, "bad_name")


def test_message_example() -> None:
    error = refused(make_zip([("../x", b"x")]), "bad_name")
    assert error.message_zh == "报送包中含有不安全的文件名“../x”，已拒绝。"


@pytest.mark.parametrize(
    "names",
    [
        ["a.txt", "a.txt"],
        ["Data/A.txt", "data/a.TXT"],
        ["caf\u00e9.txt", "cafe\u0301.txt"],  # NFC and NFD spellings
        ["data", "data/a.txt"],  # a file and a folder of the same name
    ],
)
def test_duplicate_names(names: list[str]) -> None:
    refused(make_zip([(n, b"x") for n in names]), "duplicate_name")


# --- refused: entry types ----------------------------------------------------------------


def info(name: str, mode: int) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name)
    entry.create_system = 3
    entry.external_attr = mode << 16
    return entry


def test_symlink() -> None:
    refused(make_zip([(info("link", stat.S_IFLNK | 0o777), b"../../etc/passwd")]), "symlink")


def test_special_file() -> None:
    refused(make_zip([(info("fifo", stat.S_IFIFO | 0o644), b"")]), "special_file")


def test_directory_without_slash() -> None:
    refused(make_zip([(info("folder", stat.S_IFDIR | 0o755), b"")]), "bad_entry")


def test_directory_with_data() -> None:
    refused(make_zip([(info("folder/", stat.S_IFDIR | 0o755), b"data")]), "bad_entry")


# --- refused: flags, methods and sizes ---------------------------------------------------


def test_encrypted() -> None:
    data = make_zip([("a.txt", TEXT)])
    refused(patch(data, 0, LOCAL_FLAGS, CENTRAL_FLAGS, "<H", 0x0001), "encrypted")


def test_unsupported_method() -> None:
    refused(make_zip([("a.txt", TEXT)], method=zipfile.ZIP_BZIP2), "unsupported_method")


def test_entry_too_large() -> None:
    data = make_zip([("a.bin", noise(2000))])
    refused(data, "entry_too_large", Limits(max_entry_size=1000))
    with open_bytes(data) as reader, pytest.raises(PacketFormatError) as caught:
        reader.read("a.bin", max_size=1000)
    assert caught.value.code == "entry_too_large"


def test_total_too_large() -> None:
    data = make_zip([("a.bin", noise(1000, 1)), ("b.bin", noise(1000, 2))])
    refused(data, "total_too_large", Limits(max_total_size=1500))


def test_compression_bomb() -> None:
    refused(make_zip([("zeros.bin", bytes(2 * 1024 * 1024))]), "compression_bomb")


def test_small_entries_may_compress_well() -> None:
    with open_bytes(make_zip([("zeros.bin", bytes(512 * 1024))])) as reader:
        assert reader.read("zeros.bin", 1 << 20) == bytes(512 * 1024)


def test_size_that_lies_low() -> None:
    # Local and central headers agree on 500 bytes; the stream inflates to 4000.
    data = patch(make_zip([("a.bin", noise(4000))]), 0, LOCAL_USIZE, CENTRAL_USIZE, "<L", 500)
    with open_bytes(data) as reader, pytest.raises(PacketFormatError) as caught:
        reader.read("a.bin", 1 << 20)
    assert caught.value.code == "size_mismatch"
    assert "more data than the declared 500" in caught.value.message_en


def test_size_that_lies_high() -> None:
    data = patch(make_zip([("a.bin", noise(4000))]), 0, LOCAL_USIZE, CENTRAL_USIZE, "<L", 5000)
    with open_bytes(data) as reader, pytest.raises(PacketFormatError) as caught:
        reader.read("a.bin", 1 << 20)
    assert caught.value.code == "size_mismatch"


def test_local_and_central_sizes_disagree() -> None:
    data = bytearray(make_zip([("a.bin", noise(4000))]))
    local, _central = header_offsets(bytes(data))[0]
    struct.pack_into("<L", data, local + LOCAL_USIZE, 100)
    refused(bytes(data), "size_mismatch")


def test_crc_mismatch() -> None:
    data = make_zip([("a.txt", TEXT)])
    data = patch(data, 0, LOCAL_CRC, CENTRAL_CRC, "<L", zipfile.crc32(b"other"))
    with open_bytes(data) as reader, pytest.raises(PacketFormatError) as caught:
        reader.read("a.txt", 1 << 20)
    assert caught.value.code == "crc_mismatch"


def test_overlapping_entries() -> None:
    data = make_zip([("a.bin", noise(1000, 1)), ("b.bin", noise(1000, 2))])
    compressed = zipfile.ZipFile(io.BytesIO(data)).getinfo("a.bin").compress_size
    data = patch(data, 0, LOCAL_CSIZE, CENTRAL_CSIZE, "<L", compressed + 40)
    refused(data, "overlapping_entries")


def test_local_header_with_another_name() -> None:
    data = bytearray(make_zip([("a.txt", b"x")]))
    local, _central = header_offsets(bytes(data))[0]
    data[local + 30] = ord("b")
    refused(bytes(data), "corrupt")


def test_missing_entry() -> None:
    with (
        open_bytes(make_zip([("a.txt", b"x")])) as reader,
        pytest.raises(PacketFormatError) as caught,
    ):
        reader.read("manifest.json", 100)
    assert caught.value.code == "missing_entry"


# --- the writer --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../x", "a\\b", "dir/", "", "C:x"])
def test_writer_refuses_bad_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        write_zip(tmp_path / "p.zip", {name: b"x"})
    with pytest.raises(ValueError):
        write_zip(tmp_path / "p.zip", {"A.txt": b"1", "a.txt": b"2"})
    assert list(tmp_path.iterdir()) == []


def test_writer_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "p.zip"
    write_zip(target, {"a.txt": b"old"})
    write_zip(target, {"a.txt": b"new"})
    with SafeZipReader(target) as reader:
        assert reader.read("a.txt", 10) == b"new"
    assert os.listdir(tmp_path) == ["p.zip"]


# --- fuzzing -----------------------------------------------------------------------------

VALID = make_zip(
    [
        ("manifest.json", b'{"counts":{"tasks":55}}'),
        ("folder/", b""),
        ("folder/数据.json", TEXT),
        ("evidence.bin", noise(300)),
    ]
)
VALID_STORED = make_zip([("a.txt", b"stored text"), ("b.txt", TEXT)], method=zipfile.ZIP_STORED)


def exercise(data: bytes) -> None:
    """Open and read everything; only PacketFormatError may come out."""
    try:
        with open_bytes(data, Limits(max_file_size=1 << 20, max_entry_size=1 << 20)) as reader:
            for name in reader.names():
                with contextlib.suppress(PacketFormatError):
                    reader.read(name, 1 << 20)
    except PacketFormatError:
        pass


@st.composite
def mutated_zip(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from([VALID, VALID_STORED])))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        kind = draw(st.sampled_from(["flip", "set", "truncate", "insert", "delete"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set":
            data[at] = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, draw(st.integers(0, 255))]))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at : at + draw(st.integers(1, 16))]
    return bytes(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096))
def test_fuzz_random_bytes(data: bytes) -> None:
    exercise(data)


@settings(max_examples=200, deadline=None)
@given(mutated_zip())
def test_fuzz_mutated_zips(data: bytes) -> None:
    exercise(data)


def test_fuzz_baselines_are_valid() -> None:
    with open_bytes(VALID) as reader:
        assert reader.names() == ["manifest.json", "folder/数据.json", "evidence.bin"]
    with open_bytes(VALID_STORED) as reader:
        assert reader.read("b.txt", 1 << 20) == TEXT


safe_names = (
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Zl", "Zp")),
            min_size=1,
            max_size=12,
        ),
        min_size=1,
        max_size=3,
    )
    .map("/".join)
    .filter(lambda n: name_problem(n) is None and not n.endswith("/"))
)


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(safe_names, st.binary(max_size=300), min_size=1, max_size=5))
def test_round_trip_property(entries: dict[str, bytes]) -> None:
    names = list(entries)
    folded = {n.casefold() for n in names}
    prefixes = {
        "/".join(n.split("/")[:i]).casefold() for n in names for i in range(1, n.count("/") + 1)
    }
    if len(folded) != len(names) or folded & prefixes:
        return  # names the format refuses on purpose; covered above
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.zip"
        try:
            write_zip(path, entries)
        except ValueError:
            return  # case/normalisation clash the simple filter above did not catch
        with SafeZipReader(path) as reader:
            assert sorted(reader.names()) == sorted(entries)
            for name, data in entries.items():
                assert reader.read(name, 1 << 20) == data
