"""Qt test set-up: headless platform, one message helper patched for every test,
the demo desk wrapped for the views, and screenshots for a person to look at."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.services import demo
from desktop.services.desk import DeskContext, open_desk
from desktop.ui import messages, translations
from desktop.ui.desk import Desk

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


class Dialogs:
    """Stands in for desktop.ui.messages: records what would have been shown and
    answers file dialogs with what the test queued."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.files: list[Path] = []
        self.folder: Path | None = None
        self.answer = True

    def install(self, mp: pytest.MonkeyPatch) -> None:
        mp.setattr(messages, "error", lambda _p, e, title="": self.shown.append(
            ("error", messages.describe(e)[0] if isinstance(e, BaseException) else e)))
        mp.setattr(messages, "info", lambda _p, t, title="": self.shown.append(("info", t)))
        mp.setattr(messages, "saved", lambda _p, path, title="": self.shown.append(
            ("saved", str(path))))
        mp.setattr(messages, "confirm", lambda _p, t, title="": self._confirm(t))
        mp.setattr(messages, "open_files", lambda *a, **k: list(self.files))
        mp.setattr(messages, "open_file", lambda *a, **k: self.files[0] if self.files else None)
        mp.setattr(messages, "choose_folder", lambda *a, **k: self.folder)

    def _confirm(self, text: str) -> bool:
        self.shown.append(("confirm", text))
        return self.answer


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["rectdesk-tests"]


@pytest.fixture(scope="session", autouse=True)
def _fonts(qapp: QApplication) -> None:
    translations.register_fonts(qapp)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp: QApplication) -> Dialogs:
    monkeypatch.setenv("RECTDESK_CONFIG", str(tmp_path / "rectdesk.ini"))
    d = Dialogs()
    d.install(monkeypatch)
    translations.install("zh")
    return d


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("RECTDESK_LANG", "en")
    translations.install("en")
    yield
    translations.install("zh")


@pytest.fixture
def desk(county_demo: DeskContext, qapp: QApplication) -> Iterator[Desk]:
    d = Desk(county_demo)
    yield d
    d.undo.clear()
    d.deleteLater()


def shot(widget: QWidget, name: str, size: Any = None) -> Path:
    """Save what the widget looks like, per language, for a person to look at."""
    from desktop.i18n import language

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if size is not None:
        widget.resize(size)
    widget.show()
    QApplication.processEvents()
    path = SCREENSHOTS / f"{name}-{language()}.png"
    widget.grab().save(str(path))
    return path


# The offscreen platform says it cannot do what only a real window manager does;
# those two lines are not our warnings.  Everything else from Qt still fails a test.
OFFSCREEN_NOISE = ("does not support propagateSizeHints", "does not support raise")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _key_locked() -> Iterator[None]:
    """No test inherits another's unlocked signing key."""
    from desktop.ui import key_session

    key_session.session().lock()
    yield
    key_session.session().lock()


def small_city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tasks: int) -> Iterator[Desk]:
    """A city demo of the first three counties and ``tasks`` tasks, for views that need
    several counties but not the whole city (the full one takes seconds to build)."""
    from tests.conftest import TODAY

    full = demo.load_catalogue

    def small() -> dict[str, Any]:
        cat = full()
        cat["counties"], cat["tasks"] = cat["counties"][:3], cat["tasks"][:tasks]
        return cat

    monkeypatch.setattr(demo, "load_catalogue", small)
    demo.build_demo(tmp_path / "city", "city", None, TODAY).close()
    ctx = open_desk(tmp_path / "city")
    yield Desk(ctx)
    ctx.close()
