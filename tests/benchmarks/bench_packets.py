"""Packet timings on the real demo (23 counties × 55 tasks at the city):

1. export of one county report packet (target ≤ 2 s), in-process after a warm-up
   (fonts registered once per process, as in the running program), and one cold
   ``rectdesk packet export`` in a fresh process;
2. verify + import of 25 county packets into the city in one batch (target ≤ 10 s);
3. the cost of importing one packet when the city already holds 25 packets and when it
   holds 1,000 (target: flat within 20 %). The extra 975 packet records are written
   directly (same indexed columns, same audit chain growth per record), then the same
   real packet is imported into both copies.

Building the desks takes about a minute. Run:
    .venv/bin/python tests/benchmarks/bench_packets.py [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop import clock
from desktop.packets import build, importer, trust
from desktop.services import demo, keys
from desktop.services.desk import open_desk

TODAY = date(2026, 11, 29)
PERIOD = "2026-10"


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.lock"))
    return dst


def _pad_history(home: Path, extra: int) -> None:
    """Add ``extra`` imported-packet records from 25 senders, as a year and more of
    monthly packets would leave them."""
    from db.models import PacketRecord

    with open_desk(home) as ctx, ctx.store.write(actor="bench") as s:
        for i in range(extra):
            s.add(PacketRecord(
                direction="in", kind="county-report", sender_code=f"9{i % 25:05d}",
                recipient_code=ctx.code, period=f"{2000 + i // 300}-{i % 12 + 1:02d}",
                sequence=1 + i // 25, manifest_sha256=f"{i:064x}", previous_sha256="",
                audit_head="0" * 64, status="accepted", file_name=f"pad-{i}.rdpkt",
                owner=ctx.code, updated_at=datetime(2026, 1, 1),
                report={"created": "2026-01-01T00:00:00Z", "diff": {}, "warnings": []}))


def _time_import(home: Path, files: list[Path]) -> float:
    with open_desk(home) as ctx:
        start = time.perf_counter()
        outcome = importer.import_packets(ctx, files, apply=True)
        took = time.perf_counter() - start
    bad = [p.status for p in outcome.packets if p.status not in ("accepted",
                                                                  "accepted_with_warnings")]
    assert not bad, bad
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="build the desks here and keep them")
    args = ap.parse_args()
    os.environ.setdefault("RECTDESK_TODAY", TODAY.isoformat())
    clock.set_today(TODAY)
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-packets-"))
    root.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    codes = [u["code"] for u in demo.load_catalogue()["counties"]]
    city_home = root / "city"
    if not (city_home / "ledger.sqlite3").exists():
        demo.build_demo(city_home, "city", None, TODAY).close()
    usb = root / "usb"
    export_times: list[float] = []
    with open_desk(city_home) as city:
        for code in codes:
            home = root / code
            if not (home / "ledger.sqlite3").exists():
                demo.build_demo(home, "county", code, TODAY).close()
            with open_desk(home) as ctx:
                keys.export(ctx, root / "enrol")
                enrolment = trust.parse_enrolment((root / "enrol" / f"{code}.enrol.json")
                                                  .read_bytes())
                with city.store.write() as s:
                    trust.add(s, city.code, city.role, enrolment, enrolment.fingerprint)
                identity = keys.load(ctx, keys.DEMO_PASSPHRASE)
                periods = [PERIOD, "2026-11", "2026-11"] if code == codes[0] else [PERIOD]
                if code == codes[1]:
                    periods = [PERIOD, "2026-11"]
                for period in periods:
                    start = time.perf_counter()
                    build.export_county_packet(ctx, identity, period, usb)
                    export_times.append(time.perf_counter() - start)
    print(f"desks and packets built in {time.perf_counter() - t0:.0f} s ({len(codes)} counties)")
    files = sorted(usb.glob("*.rdpkt"))
    first_a = [f for f in files if f.name.startswith(codes[0])]
    batch = [f for f in files if f not in first_a[2:]]  # 25: 23 first packets + 2 seconds
    assert len(batch) == 25, len(batch)
    print(f"export county packet: first in process {export_times[0]:.2f} s, warm median "
          f"{statistics.median(export_times[1:]):.2f} s, max {max(export_times[1:]):.2f} s "
          "(target ≤ 2 s)")
    env = {**os.environ, "RECTDESK_PASSPHRASE": keys.DEMO_PASSPHRASE}
    cold = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "desktop", "--home", str(root / codes[5]),
                        "packet", "export", "--period", "2026-11", "--out", str(root / "cold")],
                       check=True, capture_output=True, env=env)
        cold.append(time.perf_counter() - start)
    print(f"export county packet, fresh process (rectdesk packet export): median "
          f"{statistics.median(cold):.2f} s")

    batch_times, at25, at1000 = [], [], []
    one = first_a[2]  # county A's third packet: the one timed at 25 and at 1,000
    for i in range(args.repeat):
        work = Path(tempfile.mkdtemp(prefix="bench-run-", dir=root))
        home = _copy(city_home, work / "city")
        batch_times.append(_time_import(home, batch))
        light = _copy(home, work / "city-25")
        heavy = _copy(home, work / "city-1000")
        _pad_history(heavy, 1000 - 25)
        at25.append(_time_import(light, [one]))
        at1000.append(_time_import(heavy, [one]))
        shutil.rmtree(work)
        print(f"  run {i + 1}: batch {batch_times[-1]:.2f} s, one at 25 {at25[-1]:.3f} s, "
              f"one at 1000 {at1000[-1]:.3f} s")
    print(f"verify + import 25 county packets: median {statistics.median(batch_times):.2f} s "
          "(target ≤ 10 s)")
    m25, m1000 = statistics.median(at25), statistics.median(at1000)
    print(f"import one packet with 25 packets held: {m25:.3f} s; with 1,000: {m1000:.3f} s; "
          f"ratio {m1000 / m25:.2f} (target ≤ 1.20)")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
