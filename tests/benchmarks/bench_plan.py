"""Issue 11's figures: importing a 55-task catalogue workbook for 23 units (in process,
the import itself), and `rectdesk plan --json` on the city demo (a fresh process, as a
clerk runs it).

Run: .venv/bin/python tests/benchmarks/bench_plan.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.exports.catalogue import apply_catalogue, plan_catalogue
from desktop.services.desk import init_desk
from tests.plan.workbooks import big


def catalogue_times(repeat: int) -> tuple[list[float], list[float], list[float]]:
    dry, first, again = [], [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            ctx = init_desk(root / "city", "city", "130600", "保定市整改办")
            names = []
            for i in range(23):
                name = f"保定市测试{i:02d}区"
                ctx.ledger.add_unit(code=f"1307{i:02d}", name=name, kind="county")
                names.append(name)
            ctx.ledger.add_unit(code="130671", name="保定市生态环境局", kind="department")
            rid = ctx.ledger.add_round(name="第二轮", kind="provincial",
                                       feedback_date=date(2020, 3, 5)).value.uuid
            book = big(root / "plan.xlsx", 55, names)
            for bucket, fn in ((dry, plan_catalogue), (first, apply_catalogue),
                               (again, apply_catalogue)):
                start = time.perf_counter()
                fn(ctx, book, rid)
                bucket.append(time.perf_counter() - start)
            ctx.close()
    return dry, first, again


def plan_times(repeat: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        home = str(Path(tmp) / "city")
        subprocess.run([sys.executable, "-m", "desktop", "--home", home, "demo", "--role",
                        "city"], check=True, capture_output=True)
        out = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "desktop", "--home", home, "plan", "--json"],
                           check=True, capture_output=True)
            out.append(time.perf_counter() - start)
        return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    n = ap.parse_args().repeat
    dry, first, again = catalogue_times(n)
    print(f"catalogue import, 55 tasks x 23 units: dry run median {statistics.median(dry):.3f} s, "
          f"--apply (new) median {statistics.median(first):.3f} s, "
          f"--apply again (unchanged) median {statistics.median(again):.3f} s  (limit 1 s)")
    p = plan_times(n)
    print(f"rectdesk plan --json on the city demo: median {statistics.median(p):.3f} s, "
          f"min {min(p):.3f} s  (limit 0.5 s)")


if __name__ == "__main__":
    main()
