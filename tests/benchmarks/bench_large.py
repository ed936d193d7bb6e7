"""A ledger of 100,000 tasks: time per keystroke of search and filtering in the ledger
view (proxy + table), and resident memory."""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psutil
from sqlalchemy import insert, select

from db.models import InspectionRound, Measure, Problem, Progress, Task
from desktop.services import demo
from desktop.services.desk import open_desk

TODAY = date(2026, 11, 29)


def build(home: Path, n: int) -> None:
    """The demo, plus ``n`` tasks copied from its catalogue with core inserts; every
    tenth task gets two problems, two measures and a month of progress."""
    demo.build_demo(home, "county", None, TODAY).close()
    cat = demo.load_catalogue()
    ctx = open_desk(home, lock=True)
    rng = random.Random(7)
    now = datetime(2026, 11, 29)
    statuses = ["not_started", "in_progress", "in_progress", "accepted", "closed_out"]
    with ctx.store.write() as s:
        round_uuid = s.scalars(select(InspectionRound.uuid)).first()
        tasks, problems, measures, progress = [], [], [], []
        for i in range(n):
            t = cat["tasks"][i % len(cat["tasks"])]
            uuid = f"bench-{i:07d}"
            tasks.append(dict(
                uuid=uuid, owner="130601", revision=1, updated_at=now, round_uuid=round_uuid,
                number=1000 + i, unit_code=ctx.code, title=f"{t['title']}（{i}）",
                feedback=t["feedback"], category=t["category"], target=t["target"],
                lead_unit_code=t["lead_unit"], responsible_units=t["responsible"],
                lead_official=t["lead_official"],
                deadline=TODAY + timedelta(days=rng.randrange(-200, 500)), ongoing=False,
                status=rng.choice(statuses)))
            if i % 10 == 0:
                for k, p in enumerate(t["problems"][:2], 1):
                    problems.append(dict(uuid=f"{uuid}-p{k}", owner=ctx.code, revision=1,
                                         updated_at=now, task_uuid=uuid, seq=k,
                                         description=p, location="", severity=""))
                for k, m in enumerate(t["measures"][:2], 1):
                    measures.append(dict(uuid=f"{uuid}-m{k}", owner=ctx.code, revision=1,
                                         updated_at=now, task_uuid=uuid, seq=k,
                                         description=m["text"], responsible=m.get("owner", ""),
                                         planned_date=TODAY, done_date=None, status="doing"))
                progress.append(dict(uuid=f"{uuid}-r", owner=ctx.code, revision=1,
                                     updated_at=now, task_uuid=uuid, period="2026-10",
                                     narrative="推进", percent=rng.randrange(0, 100),
                                     difficulties="", next_steps="", no_change=False))
        s.info["audit_off"] = True  # synthetic rows: no history needed
        for table, rows in ((Task, tasks), (Problem, problems), (Measure, measures),
                            (Progress, progress)):
            for start in range(0, len(rows), 5000):
                s.execute(insert(table), rows[start:start + 5000])
    ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("RECTDESK_TODAY", TODAY.isoformat())
    home = Path(tempfile.mkdtemp(prefix="rectdesk-large-"))
    try:
        t = time.perf_counter()
        build(home / "d", args.tasks)
        print(f"built {args.tasks:,} tasks in {time.perf_counter() - t:.1f} s")
        run(home / "d")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run(home: Path) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui import translations
    from desktop.ui.desk import Desk
    from desktop.ui.ledger_view import LedgerView

    app = QApplication([])
    translations.install("zh")
    process = psutil.Process()
    before = process.memory_info().rss
    desk = Desk(open_desk(home, lock=True))
    view = LedgerView(desk)
    view.resize(1400, 900)
    view.show()
    # A large ledger is read in the background: time it, and watch the GUI thread
    # with a 10 ms timer; the longest gap between its ticks is the longest freeze.
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    t = time.perf_counter()
    ticks.append(t)
    view.reload()
    # (Not processEvents(flags, ms) in a loop: in PySide6 6.12 each call drops a
    # reference to None, and Python aborts after some thousands of calls.)
    loop = QEventLoop()
    timer.timeout.connect(lambda: None if view.loading else loop.quit())
    loop.exec()
    app.processEvents()
    load = time.perf_counter() - t
    ticks.append(time.perf_counter())
    timer.stop()
    freeze = max(b - a for a, b in itertools.pairwise(ticks))
    rows = view.proxy.rowCount()
    rss = process.memory_info().rss
    print(f"loaded {rows:,} rows in {load:.2f} s in the background; longest pause of the "
          f"window meanwhile {freeze * 1000:.0f} ms; resident memory {rss / 2**20:.0f} MB "
          f"(Qt + Python before loading: {before / 2**20:.0f} MB)")

    def keystroke(action: object) -> float:
        start = time.perf_counter()
        action()  # type: ignore[operator]
        app.processEvents()  # includes repainting the table
        return (time.perf_counter() - start) * 1000

    timings: dict[str, list[float]] = {}
    for word in ("扬尘治理", "散煤", "污水处理", "黑臭水体"):
        for i in range(1, len(word) + 1):
            view.search.setText(word[:i])
            ms = keystroke(view.apply_search)
            timings.setdefault(f"type {len(word[:i])} chars", []).append(ms)
            print(f"  search “{word[:i]}”: {view.proxy.rowCount():>7,} rows  {ms:6.1f} ms")
        view.search.clear()
        keystroke(view.apply_search)
    for light in ("red", "yellow", "green", ""):
        ms = keystroke(lambda lt=light: view.set_light(lt))
        timings.setdefault("light filter", []).append(ms)
        print(f"  light “{light or 'all'}”: {view.proxy.rowCount():>7,} rows  {ms:6.1f} ms")
    view.status_box.setCurrentIndex(2)
    view.search.setText("扬尘")
    timings.setdefault("status + search", []).append(keystroke(view.apply_search))
    ms = keystroke(lambda: view.table.sortByColumn(5, view.table.horizontalHeader()
                                                   .sortIndicatorOrder()))
    print(f"  sort by days left: {ms:.0f} ms")
    every = [x for v in timings.values() for x in v]
    print(f"per keystroke: median {statistics.median(every):.1f} ms, max {max(every):.1f} ms "
          f"(target ≤ 100 ms)")
    print(f"resident memory after searching: {process.memory_info().rss / 2**20:.0f} MB "
          f"(target ≤ 500 MB)")
    desk.ctx.close()


if __name__ == "__main__":
    main()
