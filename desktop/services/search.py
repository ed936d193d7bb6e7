"""Text search over the ledger: one lowercased string per task, built once, so that a
search per keystroke is a substring test over precomputed text (no SQL, no joins)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

# The four lists' text columns that a clerk would search for.  Plain SQL (and no
# SQLAlchemy import) so the window can build the index before the data layer loads.
_LIST_TEXT = (
    "SELECT task_uuid, description, location FROM problem",
    "SELECT task_uuid, description, responsible FROM measure",
    "SELECT task_uuid, unit_name, person, role FROM responsibility",
    "SELECT task_uuid, indicator FROM effect",
)
SEPARATOR = "\u0001"  # never typed, so a query cannot match across two fields


def normalise(text: str) -> str:
    """Case-fold and drop surrounding blanks; Chinese is unchanged by casefold."""
    return text.strip().casefold()


def search_texts(conn: sqlite3.Connection) -> dict[str, str]:
    """task uuid → searchable text: number, title, feedback, target and the four lists."""
    parts: dict[str, list[str]] = defaultdict(list)
    for query in _LIST_TEXT:
        for task_uuid, *values in conn.execute(query):
            parts[task_uuid].extend(v for v in values if v)
    out: dict[str, str] = {}
    rows = conn.execute("SELECT uuid, number, title, feedback, target FROM task")
    for uuid, number, title, feedback, target in rows:
        fields = [str(number), title or "", feedback or "", target or "", *parts.get(uuid, ())]
        out[uuid] = normalise(SEPARATOR.join(fields))
    return out


def matching(texts: list[str], query: str, candidates: list[int] | None = None) -> list[int]:
    """Indexes of ``texts`` containing ``query``; only ``candidates`` are tested when the
    caller knows the answer is among them (a query that extends the previous one)."""
    q = normalise(query)
    if not q:
        return list(range(len(texts))) if candidates is None else list(candidates)
    if candidates is None:
        return [i for i, t in enumerate(texts) if q in t]
    return [i for i in candidates if q in texts[i]]
