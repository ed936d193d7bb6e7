"""The signing key, unlocked once per session of the window.

After the first passphrase the unlocked identity stays in this process's memory (never
on disk) so the next export does not ask again; it is dropped 15 minutes after its
last use and when the program quits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from desktop.services import keys
from desktop.services.desk import DeskContext
from desktop.signing.identity import Identity

IDLE_MS = 15 * 60 * 1000


class KeySession(QObject):
    def __init__(self, parent: QObject | None = None, idle_ms: int = IDLE_MS) -> None:
        super().__init__(parent)
        self._identity: Identity | None = None
        self._code = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms)
        self.timer.timeout.connect(self.lock)

    def held(self, ctx: DeskContext) -> Identity | None:
        """The unlocked identity for this desk's key folder, if any; a use restarts
        the idle time."""
        if self._identity is None or self._code != str(ctx.paths.keys):
            return None
        self.timer.start()
        return self._identity

    def unlock(self, ctx: DeskContext, passphrase: str) -> Identity:
        """Load the key with ``passphrase`` (UserError when wrong) and keep it."""
        identity = keys.load(ctx, passphrase)
        self.keep(ctx, identity)
        return identity

    def keep(self, ctx: DeskContext, identity: Identity) -> None:
        self._identity, self._code = identity, str(ctx.paths.keys)
        self.timer.start()

    def lock(self) -> None:
        self._identity, self._code = None, ""
        self.timer.stop()

    @property
    def unlocked(self) -> bool:
        return self._identity is not None


_session: KeySession | None = None


def session() -> KeySession:
    """The window process's one key session, locked again when the program quits."""
    global _session
    if _session is None:
        app = QCoreApplication.instance()
        _session = KeySession(app)
        if app is not None:
            app.aboutToQuit.connect(_session.lock)
        _session.destroyed.connect(_forget)
    return _session


def _forget(*_args: object) -> None:
    global _session
    _session = None
