"""Small helpers for tests: a full dump of a database, to prove "nothing changed"."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def dump(db: Path) -> list[str]:
    """Every row of every table, in a stable order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""
