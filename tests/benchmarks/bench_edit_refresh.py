"""What one edit costs the window: the statements the database runs for one change of a
measure's done date in an open task window, with the whole main window up (ledger,
monthly report, petitions, dashboard and every other view), counted from the edit until
the window is idle again: SELECTs, INSERT/UPDATE/DELETEs (the edit and its audit) and
transactions begun.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_edit_refresh.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import event

    from desktop import clock
    from desktop.services import demo
    from desktop.services.desk import open_desk
    from desktop.ui.desk import Desk
    from desktop.ui.mainwindow import MainWindow
    from desktop.ui.task_dialog import TaskDialog

    app = QApplication.instance() or QApplication([])
    clock.set_today(date(2026, 11, 29))
    with tempfile.TemporaryDirectory() as tmp:
        demo.build_demo(Path(tmp) / "d", "county", "130602", date(2026, 11, 29)).close()
        ctx = open_desk(Path(tmp) / "d")
        counts: Counter[str] = Counter()

        def trace(sql: str) -> None:
            word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
            kind = {"SELECT": "read", "WITH": "read", "INSERT": "write", "UPDATE": "write",
                    "DELETE": "write", "BEGIN": "transaction"}.get(word)
            if kind:
                counts[kind] += 1
            if os.environ.get("SHOW_SQL"):
                print(" ".join(sql.split())[:150])

        ctx.store.engine.dispose()  # new connections get the trace
        event.listen(ctx.store.engine, "connect",
                     lambda conn, _rec: conn.set_trace_callback(trace))
        desk = Desk(ctx)
        window = MainWindow(desk)
        window.show()
        for _ in range(50):
            app.processEvents()
        rows = desk.fetch(lambda s: __import__("desktop.services.ledger", fromlist=["x"])
                          .task_rows(s, desk.today, desk.ctx.settings))
        dialog = TaskDialog(desk, next(r.uuid for r in rows if r.number == 1), window)
        dialog.show()
        for _ in range(50):
            app.processEvents()
        table = dialog.lists["measure"]
        col = [c.field for c in table.model.columns].index("done_date")
        results = []
        for day in ("2026-11-20", "2026-11-21", "2026-11-22"):
            counts.clear()
            start = time.perf_counter()
            table.model.setData(table.model.index(0, col), day)
            for _ in range(200):
                app.processEvents()
            results.append((counts["read"], counts["write"], counts["transaction"],
                            time.perf_counter() - start))
        for reads, writes, transactions, took in results:
            print(f"one edit: {reads} reads, {writes} writes, {transactions} transactions, "
                  f"{took * 1000:.0f} ms to idle")
        dialog.close()
        window.close()
        ctx.close()


if __name__ == "__main__":
    main()
