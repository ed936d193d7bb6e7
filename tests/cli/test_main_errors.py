"""How main() ends when a handler raises: the order of its except clauses matters
(BrokenPipeError is an OSError, KeyboardInterrupt is not an Exception)."""

from __future__ import annotations

import argparse
import io
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from desktop.cli import main
from desktop.commands import ledger


def _status_raises(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    def handler(args: argparse.Namespace) -> int:
        raise exc

    # The parser is built inside main(), so it picks up the patched handler.
    monkeypatch.setattr(ledger, "cmd_status", handler)


class _Stdout(io.StringIO):
    """A stdout with a real descriptor, which main() points at devnull on a broken pipe."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def fileno(self) -> int:
        return self._fd


def test_broken_pipe_is_quiet_success(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _status_raises(monkeypatch, BrokenPipeError(32, "Broken pipe"))
    with (tmp_path / "out").open("w") as f:
        monkeypatch.setattr("sys.stdout", _Stdout(f.fileno()))
        assert main(["status"]) == 0


def test_storage_error_is_explained(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    _status_raises(monkeypatch, locked)
    assert main(["status"]) == 1
    assert "正被另一个程序占用" in capsys.readouterr().err


def test_bug_keeps_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    _status_raises(monkeypatch, RuntimeError("a bug"))
    with pytest.raises(RuntimeError, match="a bug"):
        main(["status"])


def test_interrupt_is_cancelled(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _status_raises(monkeypatch, KeyboardInterrupt())
    assert main(["status"]) == 1
    assert "已取消" in capsys.readouterr().err
