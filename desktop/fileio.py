"""Writing files so that a crash, a full disk or a cancelled export never leaves half
a file where the clerk (or the next program start) expects a whole one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

# The ledger holds complainants' names and phone numbers: everything the program
# writes is for this user only.  On POSIX that is 0700 folders and 0600 files, set
# with chmod so the user's umask cannot loosen it.  On Windows the per-user data
# folder (%LOCALAPPDATA%) is already private by its inherited ACL, and os.chmod can
# only toggle read-only there, so nothing is done.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
POSIX = os.name == "posix"


def make_private(path: Path) -> None:
    """Tighten ``path`` (a folder or a file) to this user only; quiet when it is
    gone or not ours to change (a reader opening another user's copy)."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            return  # never follow a link out of our folders
        wanted = PRIVATE_DIR if stat.S_ISDIR(st.st_mode) else PRIVATE_FILE
        if stat.S_IMODE(st.st_mode) != wanted:
            os.chmod(path, wanted)


def private_dir(path: Path) -> Path:
    """``path`` as a folder of the program's own (made if missing), private to the user.
    Folders the clerk chose (an export target, a USB stick) are left as they are."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    make_private(path)
    return path


def _fsync_directory(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_output(path: Path, *, durable: bool = True,
                  mode: int = PRIVATE_FILE) -> Iterator[BinaryIO]:
    """A temporary file beside ``path``; when the block ends without an error it
    replaces ``path`` in one rename (after an fsync unless ``durable`` is False),
    otherwise it is removed.  Readers see the old file or the new one.  ``mode``:
    private by default, since documents, packets and evidence all carry the
    ledger's data; the clerk hands them over by copying, not by sharing the PC."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        if mode != PRIVATE_FILE:
            os.chmod(tmp_name, mode)  # mkstemp makes 0o600, umask or not
        with os.fdopen(fd, "w+b") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    if durable:
        _fsync_directory(folder)


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True,
                       mode: int = PRIVATE_FILE) -> None:
    with atomic_output(path, durable=durable, mode=mode) as handle:
        handle.write(data)
