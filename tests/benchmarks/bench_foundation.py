"""Times of `rectdesk demo` and `rectdesk status` on the county demo and on a city demo
holding every county, each in a fresh process (as a clerk would run them).

Run: .venv/bin/python tests/benchmarks/bench_foundation.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(*argv: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop", *argv], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    n = ap.parse_args().repeat
    for role in ("county", "city"):
        demo_times, status_times = [], []
        for _ in range(n):
            with tempfile.TemporaryDirectory() as tmp:
                home = str(Path(tmp) / "desk")
                demo_times.append(timed("--home", home, "demo", "--role", role))
                status_times.extend(timed("--home", home, "status", "--json") for _ in range(3))
        print(f"{role:6}  demo median {statistics.median(demo_times):6.2f} s   "
              f"status --json median {statistics.median(status_times):5.2f} s   "
              f"(demo runs {n}, status runs {len(status_times)})")
    base = [timed("--version") for _ in range(5)]
    print(f"interpreter + import baseline (rectdesk --version): {statistics.median(base):.2f} s")


if __name__ == "__main__":
    main()
