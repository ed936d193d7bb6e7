"""Timing of the Excel ledger export (and import check) on the demo ledgers.

Not collected by pytest (the name does not start with test_).  Run:

    .venv/bin/python tests/benchmarks/bench_exports.py [--county DIR] [--city DIR]

Without a folder the demo is built in a temporary one first (the city demo takes a
few seconds).  Each figure is best and median of ``--runs`` (default 3), the import
dry run included, and the import's reading of the file alone (checks, read-only load,
every row of the ledger sheets) to tell it from the comparing with the database.
Targets: county ≤ 1 s, city ≤ 5 s per export.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop import clock  # noqa: E402
from desktop.exports.disclosure_xlsx import export_disclosure  # noqa: E402
from desktop.exports.excel_import import plan_import  # noqa: E402
from desktop.exports.excel_ledger import export_ledger  # noqa: E402
from desktop.exports.ledger_schema import EDITABLE_SHEETS  # noqa: E402
from desktop.exports.xlsx_guard import open_workbook  # noqa: E402
from desktop.services import demo  # noqa: E402
from desktop.services.desk import open_desk  # noqa: E402

TODAY = date(2026, 11, 29)


def _best(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def bench(label: str, home: Path | None, role: str, runs: int, work: Path) -> None:
    if home is None:
        home = work / role
        start = time.perf_counter()
        demo.build_demo(home, role, None, TODAY).close()
        print(f"{label}: demo built in {time.perf_counter() - start:.1f} s")
    with open_desk(home, lock=False) as ctx:
        out = work / f"{role}.xlsx"
        best, median = _best(lambda: export_ledger(ctx, out), runs)
        print(f"{label}: ledger xlsx export  best {best:.2f} s  median {median:.2f} s  "
              f"({out.stat().st_size / 1024:.0f} KB)")
        best, median = _best(lambda: export_disclosure(ctx, work / f"{role}-pub.xlsx"), runs)
        print(f"{label}: disclosure xlsx     best {best:.2f} s  median {median:.2f} s")
        best, median = _best(lambda: _read_workbook(out), runs)
        print(f"{label}: import file read    best {best:.2f} s  median {median:.2f} s  "
              "(checks, load, every row of the ledger sheets)")
        best, median = _best(lambda: plan_import(ctx, out), runs)
        print(f"{label}: import dry run      best {best:.2f} s  median {median:.2f} s")


def _read_workbook(path: Path) -> int:
    """The import's reading of the file alone, without the database."""
    rows = 0
    with open_workbook(path) as book:
        for spec in EDITABLE_SHEETS:
            if spec.title in book.worksheets:
                rows += sum(1 for _ in book.rows(spec.title))
    return rows


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--county", type=Path)
    p.add_argument("--city", type=Path)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    clock.set_today(TODAY)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench("county (55 tasks)", args.county, "county", args.runs, work)
        bench("city (1265 tasks)", args.city, "city", args.runs, work)


if __name__ == "__main__":
    main()
