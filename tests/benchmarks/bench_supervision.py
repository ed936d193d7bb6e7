"""The supervision desk on the city demo (23 units, 1,265 task copies) with 24 monthly
light snapshots kept: `rectdesk ranking --json`, the bulletin PDF, and the snapshot
storage per year.  Each command in a fresh process, as the city office runs them.

Run: .venv/bin/python tests/benchmarks/bench_supervision.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-12-04"


def run(home: str, *argv: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop", "--home", home, "--today", TODAY, *argv],
                   check=True, capture_output=True, env={**os.environ,
                                                         "RECTDESK_PASSPHRASE": "rectdesk-demo"})
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    n = ap.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        home = str(Path(tmp) / "city")
        run(home, "demo", "--role", "city")
        db = Path(home) / "ledger.sqlite3"
        before = db.stat().st_size
        start = time.perf_counter()
        for i in range(24):
            year, month = divmod(11 - i - 1, 12)
            period = f"{2026 + year}-{month + 1:02d}"
            run(home, "lights", "snapshot", "--period", period)
        took = time.perf_counter() - start
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = conn.execute("SELECT count(*) FROM light_snapshot").fetchone()[0]
        pages = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%light_snapshot%'"
                             ).fetchone()[0]
        conn.close()
        print(f"24 snapshots: {rows} rows, {pages / 1e6:.2f} MB ({pages / 2e6:.2f} MB per year);"
              f" file {before / 1e6:.1f} → {db.stat().st_size / 1e6:.1f} MB; "
              f"{took / 24:.2f} s per snapshot command")
        ranking = [run(home, "ranking", "--period", "2026-11", "--json") for _ in range(n)]
        bulletin = [run(home, "export", "bulletin", "--period", "2026-11", "--out",
                        str(Path(tmp) / "b.pdf")) for _ in range(n)]
        base = [run(home, "--version") for _ in range(n)]
        print(f"ranking --json: median {statistics.median(ranking):.2f} s; bulletin PDF: median "
              f"{statistics.median(bulletin):.2f} s; interpreter baseline "
              f"{statistics.median(base):.2f} s ({n} runs each)")


if __name__ == "__main__":
    main()
