"""Hypothesis over the packet reader: whatever the bytes, a clean verdict, never a crash.

A mutated packet either is refused, or (when the mutation hit bytes no reader uses,
such as a timestamp in a zip header) still carries exactly the signed content.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.packets.verify import CHECKS, inspect_packet
from desktop.services.desk import DeskContext, open_desk
from tests.packets.conftest import CITY, COUNTY_A, Packets, enrol_file
from tests.packets.forge import read_entries

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def reader_city(desk_templates: dict[str, Path], packets: Packets,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskContext]:
    home = tmp_path_factory.mktemp("fuzz") / "city"
    shutil.copytree(desk_templates[CITY], home, ignore=shutil.ignore_patterns("*.lock"))
    ctx = open_desk(home)
    enrol_file(ctx, packets.enrol, COUNTY_A)
    yield ctx
    ctx.close()


def _verdict(city: DeskContext, data: bytes) -> tuple[bool, Path]:
    folder = Path(tempfile.mkdtemp())
    path = folder / "p.rdpkt"
    path.write_bytes(data)
    with city.store.read() as s:
        insp = inspect_packet(s, path, own_code=city.code, own_role=city.role)
    assert len(insp.checks) == len(CHECKS)
    if not insp.ok:
        assert insp.refusal is not None and insp.refusal.msg.zh
    return insp.ok, path


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_are_refused(reader_city: DeskContext, data: bytes) -> None:
    ok, _ = _verdict(reader_city, data)
    assert not ok


@FUZZ
@given(st.binary(max_size=600))
def test_random_zip_of_random_entries_is_refused(reader_city: DeskContext, data: bytes) -> None:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("manifest.json", data)
        z.writestr("manifest.json.minisig", data[::-1])
        z.writestr("data.json", data)
    ok, _ = _verdict(reader_city, buffer.getvalue())
    assert not ok


@FUZZ
@given(st.data())
def test_mutated_packet(reader_city: DeskContext, packets: Packets, data: st.DataObject) -> None:
    original = packets.seq[1].read_bytes()
    mutated = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(mutated) - 1))
        mutated[pos] ^= data.draw(st.integers(1, 255))
    if data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(mutated)))
        mutated = mutated[:cut]
    ok, path = _verdict(reader_city, bytes(mutated))
    if ok:
        assert read_entries(path) == read_entries(packets.seq[1])
