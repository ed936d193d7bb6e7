"""One window per data folder: a second start brings the running window to the front.

The running program listens on a local socket named after its data folder (set up
after the first paint, so start-up does not wait for it).  A start that finds the
folder locked asks that socket to raise its window and exits; only when nobody
answers does it explain, as before.  QtNetwork is loaded only on those two paths.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE, DONE = b"raise\n", b"ok\n"


def server_name(home: Path) -> str:
    """The same for every start on one folder, different for other folders and users
    (a socket name is short and has no path characters)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment: the folder alone
        user = ""
    key = f"{user}\0{Path(home).resolve()}".encode()
    return "rectdesk-" + hashlib.sha256(key).hexdigest()[:20]


def ask_running(home: Path, timeout_ms: int = 2000) -> bool:
    """Ask the program holding ``home`` to show its window; True once it said so."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(server_name(home))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    socket.waitForBytesWritten(timeout_ms)
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer == DONE


class Listener(QObject):
    """Answers later starts on the same folder by raising the current window."""

    raised = Signal()

    def __init__(self, home: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self.name = server_name(home)
        self.server: QLocalServer = QLocalServer(self)
        self.server.newConnection.connect(self._connected)

    def listen(self) -> bool:
        # A socket left by a program that crashed: ours to replace, as this program
        # holds the folder's lock.
        type(self.server).removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).endswith(RAISE):
            bring_to_front()
            socket.write(DONE)
            socket.flush()
            self.raised.emit()


def bring_to_front() -> None:
    window = QApplication.instance().property("rectdesk_window")  # type: ignore[union-attr]
    if isinstance(window, QWidget):
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
