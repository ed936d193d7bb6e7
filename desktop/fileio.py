"""Writing files so that a crash, a full disk or a cancelled export never leaves half
a file where the clerk (or the next program start) expects a whole one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


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
def atomic_output(path: Path, *, durable: bool = True, mode: int = 0o644) -> Iterator[BinaryIO]:
    """A temporary file beside ``path``; when the block ends without an error it
    replaces ``path`` in one rename (after an fsync unless ``durable`` is False),
    otherwise it is removed.  Readers see the old file or the new one.  ``mode``:
    documents and packets are for handing over; key files pass 0o600."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.chmod(tmp_name, mode)  # mkstemp makes 0o600 whatever the file is for
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


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True, mode: int = 0o644) -> None:
    with atomic_output(path, durable=durable, mode=mode) as handle:
        handle.write(data)
