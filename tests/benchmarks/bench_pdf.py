"""PDF documents on the county demo (55 tasks) and a city demo (1265 tasks): the
monthly report (targets 1 s / 5 s) and the public notice, timed in-process after a
warm-up (fonts registered once per process, as in the running program), plus one
cold `rectdesk export ledger --format pdf` per ledger as a clerk would run it.

Run: .venv/bin/python tests/benchmarks/bench_pdf.py [--repeat 3] [--home-county DIR]
     [--home-city DIR]   (existing demo folders; otherwise demos are built, ~10 s)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-29"
PERIOD = "2026-10"
TARGETS = {"county": 1.0, "city": 5.0}


def ensure_demo(home: Path | None, role: str, tmp: Path) -> Path:
    if home is not None:
        return home
    home = tmp / role
    subprocess.run([sys.executable, "-m", "desktop", "--home", str(home), "demo", "--role",
                    role], check=True, capture_output=True)
    return home


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--home-county", type=Path)
    ap.add_argument("--home-city", type=Path)
    args = ap.parse_args()
    os.environ["RECTDESK_TODAY"] = TODAY
    from desktop.exports.disclosure_pdf import disclosure_pdf_bytes
    from desktop.exports.monthly_report import monthly_report_bytes
    from desktop.services.desk import open_desk

    with tempfile.TemporaryDirectory() as tmp:
        homes = {"county": ensure_demo(args.home_county, "county", Path(tmp)),
                 "city": ensure_demo(args.home_city, "city", Path(tmp))}
        for role, home in homes.items():
            with open_desk(home, lock=False) as ctx:
                monthly_report_bytes(ctx, PERIOD)  # warm-up: font registration, imports
                times, size = [], 0
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    size = len(monthly_report_bytes(ctx, PERIOD))
                    times.append(time.perf_counter() - start)
                notice = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    disclosure_pdf_bytes(ctx)
                    notice.append(time.perf_counter() - start)
            out = Path(tmp) / f"{role}.pdf"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "desktop", "--home", str(home), "export",
                            "ledger", "--format", "pdf", "--period", PERIOD, "--out", str(out)],
                           check=True, capture_output=True)
            cold = time.perf_counter() - start
            best = statistics.median(times)
            verdict = "ok" if best <= TARGETS[role] else "OVER TARGET"
            print(f"{role:6}  monthly report median {best:5.2f} s (target {TARGETS[role]:.0f} s, "
                  f"{verdict}; {size // 1024} KB)   notice median {statistics.median(notice):5.2f}"
                  f" s   CLI cold process {cold:5.2f} s")


if __name__ == "__main__":
    main()
