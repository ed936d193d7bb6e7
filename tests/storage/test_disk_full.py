"""A full disk: the change is refused in plain words and the ledger stays as it was."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from db.models import Progress, Task
from desktop.cli import main
from desktop.i18n import UserError
from desktop.services import desk_peek, evidence, ledger, ledger_rows
from desktop.services.desk import DeskContext
from desktop.services.storage_errors import as_user_error
from tests.helpers import dump


def test_sqlite_full_rolls_back_and_is_explained(county_demo: DeskContext) -> None:
    before = dump(county_demo.paths.database)
    with pytest.raises(OperationalError) as caught, county_demo.store.write() as s:
        pages = s.execute(text("PRAGMA page_count")).scalar()
        s.execute(text(f"PRAGMA max_page_count = {pages}"))  # the "disk" is now full
        task = s.scalars(select(Task)).first()
        for i in range(200):
            s.add(
                Progress(
                    task_uuid=task.uuid,
                    period=f"{2200 + i // 12}-{i % 12 + 1:02d}",  # type: ignore[union-attr]
                    narrative="很长的进展说明。" * 2000,
                    owner=county_demo.code,
                )
            )
    explained = as_user_error(caught.value)
    assert explained is not None and "磁盘已满" in str(explained)
    county_demo.store.dispose()  # drop the connection that carries the page limit
    assert dump(county_demo.paths.database) == before


def test_evidence_on_a_full_disk(
    county_demo: DeskContext, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(evidence, "atomic_write_bytes", full)
    before = dump(county_demo.paths.database)
    with pytest.raises(UserError, match="请检查磁盘空间"), county_demo.store.write() as s:
        evidence.add_bytes(s, county_demo.paths, county_demo.code, "照片.png", b"\x89PNG new bytes")
    assert dump(county_demo.paths.database) == before


def test_cli_says_disk_full_without_traceback(county_home, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Through the data layer (a SQLAlchemy error) and at a plain sqlite3 look alike."""
    def full_session(*_a: object, **_k: object) -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    def full_look(*_a: object, **_k: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    for target, fake in ((ledger_rows, full_look), (ledger, full_session)):
        monkeypatch.setattr(target, "summary", fake)
        if target is ledger:  # no look at the ledger: the data layer reads it
            monkeypatch.setattr(desk_peek, "peek", lambda _paths: None)
        assert main(["--home", str(county_home), "status"]) == 1
        err = capsys.readouterr().err
        assert "磁盘已满" in err and "Traceback" not in err
