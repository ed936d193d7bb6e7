"""Desks for packet tests: two counties and a city from a trimmed demo catalogue (three
counties, eight tasks), built once per session and copied for each test.

The trimmed catalogue keeps the tests fast; the real 23-county city demo is used by one
slow test only. Key files use a small scrypt cost here (production: 2**17).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.packets import trust
from desktop.services import demo, keys
from desktop.services.desk import DeskContext, open_desk
from tests import helpers
from tests.conftest import TODAY

COUNTY_A = "130602"
COUNTY_B = "130606"
CITY = "130600"
PASSPHRASE = keys.DEMO_PASSPHRASE
FAST_SCRYPT = 2**12


def small_catalogue() -> dict[str, Any]:
    full = _FULL_LOAD()
    return {**full, "counties": full["counties"][:3], "tasks": full["tasks"][:8]}


_FULL_LOAD = demo.load_catalogue


@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "scrypt_n", FAST_SCRYPT)
    monkeypatch.delenv(keys.ENV_PASSPHRASE, raising=False)


@pytest.fixture(scope="session")
def desk_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.getbasetemp() / "packet-templates"
    homes = {COUNTY_A: root / COUNTY_A, COUNTY_B: root / COUNTY_B, CITY: root / CITY}
    if not (homes[CITY] / "ledger.sqlite3").exists():
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(demo, "load_catalogue", small_catalogue)
            mp.setattr(keys, "scrypt_n", FAST_SCRYPT)
            mp.delenv(keys.ENV_PASSPHRASE, raising=False)
            for code in (COUNTY_A, COUNTY_B):
                demo.build_demo(homes[code], "county", code, TODAY).close()
            demo.build_demo(homes[CITY], "city", None, TODAY).close()
    return homes


@dataclass
class Desks:
    homes: dict[str, Path]
    tmp: Path

    def open(self, code: str) -> DeskContext:
        return open_desk(self.homes[code], lock=True)


@pytest.fixture
def desks(desk_templates: dict[str, Path], tmp_path: Path) -> Desks:
    homes = {}
    for code, template in desk_templates.items():
        homes[code] = tmp_path / f"desk-{code}"
        shutil.copytree(template, homes[code], ignore=shutil.ignore_patterns("*.lock"))
    return Desks(homes, tmp_path)


def enrol(city: DeskContext, county: DeskContext, out: Path) -> None:
    """The city enrols a county the way a clerk does: file plus fingerprint by phone."""
    keys.export(county, out)
    enrolment = trust.parse_enrolment((out / f"{county.code}.enrol.json").read_bytes())
    with city.store.write(actor="test") as s:
        trust.add(s, city.code, city.role, enrolment, keys.public_info(county)["fingerprint"])


@pytest.fixture
def city(desks: Desks) -> Iterator[DeskContext]:
    ctx = desks.open(CITY)
    yield ctx
    ctx.close()


@pytest.fixture
def county(desks: Desks) -> Iterator[DeskContext]:
    ctx = desks.open(COUNTY_A)
    yield ctx
    ctx.close()


def dump(ctx: DeskContext) -> list[str]:
    """Every row of every table (audit log included), plus the evidence folder."""
    files = sorted(str(p.relative_to(ctx.paths.home)) for p in ctx.paths.evidence.rglob("*"))
    return [*helpers.dump(ctx.paths.database), *files]


@dataclass
class Packets:
    """Three consecutive report packets of county A (2026-09, -10, -11) and the
    enrolment files of both counties, made once per session."""

    seq: dict[int, Path]
    enrol: Path
    identity_a: Any
    identity_b: Any


@pytest.fixture(scope="session")
def packets(desk_templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Packets:
    from desktop.packets import build

    root = tmp_path_factory.mktemp("packets")
    homes = {}
    for code in (COUNTY_A, COUNTY_B):
        homes[code] = root / code
        shutil.copytree(desk_templates[code], homes[code], ignore=shutil.ignore_patterns("*.lock"))
    seq = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keys, "scrypt_n", FAST_SCRYPT)
        with open_desk(homes[COUNTY_B]) as b:
            keys.export(b, root / "enrol")
            identity_b = keys.load(b, PASSPHRASE)
        with open_desk(homes[COUNTY_A]) as a:
            keys.export(a, root / "enrol")
            identity_a = keys.load(a, PASSPHRASE)
            for n, period in enumerate(("2026-09", "2026-10", "2026-11"), 1):
                seq[n] = build.export_county_packet(a, identity_a, period, root / "out").path
    return Packets(seq, root / "enrol", identity_a, identity_b)


def enrol_file(city: DeskContext, folder: Path, code: str) -> None:
    enrolment = trust.parse_enrolment((folder / f"{code}.enrol.json").read_bytes())
    with city.store.write(actor="test") as s:
        trust.add(s, city.code, city.role, enrolment, enrolment.fingerprint)


def county_part(ctx: DeskContext, code: str) -> Any:
    """scope.county_snapshot of ``code`` as this desk holds it, without ``updated_at``:
    a record a desk already held unchanged keeps the time it was written there (the
    demo desks wrote their copies separately); every other field must agree."""
    from desktop.packets.scope import county_snapshot

    with ctx.store.read() as s:
        tables, shared = county_snapshot(s, code)
    return tuple({name: [{k: v for k, v in row.items() if k != "updated_at"} for row in rows]
                  for name, rows in part.items()} for part in (tables, shared))


def same_county_records(city: DeskContext, county: DeskContext, code: str) -> bool:
    """The city's copy of everything ``code`` owns equals the county's, and of the
    county's fields of shared records (task status, petition handling) those the county
    holds (a petition the city registered reaches the county by the city's packet)."""
    (at_city, city_shared), (here, shared) = county_part(city, code), county_part(county, code)
    held = {name: [r for r in city_shared[name] if r["uuid"] in {x["uuid"] for x in rows}]
            for name, rows in shared.items()}
    return bool(at_city == here and held == shared)
