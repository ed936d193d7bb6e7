"""The program log: rotating, in the data folder, written only when something is
logged; uncaught errors (main thread and others) go in with their traceback."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from desktop import logs
from desktop.cli import main
from desktop.commands import ledger
from desktop.i18n import Msg, UserError


@pytest.fixture
def log_path(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = logs.install(tmp_path / "data")
    yield path
    logs.uninstall()


def test_nothing_written_until_logged(log_path: Path, tmp_path: Path) -> None:
    assert log_path == tmp_path / "data" / "logs" / "rectdesk.log"
    assert not (tmp_path / "data").exists()  # `rectdesk demo` wants an empty folder
    logs.log.info("hello")
    assert "hello" in log_path.read_text(encoding="utf-8")


def test_uncaught_errors_keep_their_traceback(log_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "_previous_excepthook", lambda *a: None)
    monkeypatch.setattr(logs, "_previous_thread_excepthook", lambda a: None)
    try:
        raise ValueError("main thread")
    except ValueError:
        logs._excepthook(*sys.exc_info())  # type: ignore[arg-type]

    def fail() -> None:
        raise KeyError("worker")

    monkeypatch.setattr(threading, "excepthook", logs._thread_excepthook)
    t = threading.Thread(target=fail, name="worker-1")
    t.start()
    t.join()
    text = log_path.read_text(encoding="utf-8")
    assert "Traceback" in text and "ValueError: main thread" in text
    assert "uncaught error in thread worker-1" in text and "KeyError: 'worker'" in text


def test_caught_keeps_tracebacks_of_bugs_only(log_path: Path) -> None:
    try:
        raise RuntimeError("a bug")
    except RuntimeError as e:
        logs.caught(e, "somewhere")
    logs.caught(UserError(Msg("拒绝", "refused")))
    text = log_path.read_text(encoding="utf-8")
    assert "RuntimeError: a bug" in text and "somewhere" in text
    assert "refused: 拒绝" in text and text.count("Traceback") == 1


def test_log_rotates(log_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert logs._handler is not None
    monkeypatch.setattr(logs._handler, "maxBytes", 2000)
    for i in range(100):
        logs.log.warning("line %d %s", i, "x" * 50)
    assert (log_path.parent / "rectdesk.log.1").exists()
    assert len(list(log_path.parent.glob("rectdesk.log*"))) <= logs.BACKUPS + 1


def test_command_line_bug_is_logged_in_the_data_folder(
        county_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_args: object) -> int:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(ledger, "cmd_status", broken)
    with pytest.raises(ZeroDivisionError):
        main(["--home", str(county_home), "status"])
    text = (county_home / "logs" / "rectdesk.log").read_text(encoding="utf-8")
    assert "unexpected error" in text and "ZeroDivisionError: oops" in text
    assert logs.log_file() is None  # main() closes its log on the way out
