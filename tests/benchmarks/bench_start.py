"""Cold start to a painted main window (demo ledger) against a bare QMainWindow.

Run: ``.venv/bin/python tests/benchmarks/bench_start.py [--app-filter] [--runs N]``;
``--frozen dist/rectdesk`` compares the built program with the source install instead.

Each start is a fresh interpreter; the time is taken in the parent from launch to
the child's "painted" line, which the child prints once the first frame of its main
window has been painted.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5  # --runs N for more (this kind of machine varies by ±30 % run to run)

# How each child says "painted": once the first frame of its main window has been
# painted (a zero timer after the paint, so the rest of that frame is included), and
# "opened" once the desk is fully open (a bare window has nothing more to open).
#
# The default watches the window itself.  ``--app-filter`` watches with an event
# filter on the whole application, as this benchmark did before: that filter hands
# every object that receives an event to Python, which makes PySide build the Python
# types (and their enums) of objects the program never touches itself, about 40 ms
# more for a window with many widgets than for a bare one.
REPORT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

def painted():
    print("painted", flush=True)
    window = QApplication.instance().property("rectdesk_window")
    if window is None or window.desk.is_open:
        opened()
    else:
        window.desk.attached.connect(opened)

def opened():
    print("opened", flush=True)
    QApplication.instance().exit(0)
"""

BARE = REPORT + r"""
from PySide6.QtWidgets import QMainWindow

class Window(QMainWindow):
    seen = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.seen:
            self.seen = True
            QTimer.singleShot(0, painted)

app = QApplication([])
w = Window(); w.resize(1100, 700); w.show()
app.exec()
"""

# The real command line (``rectdesk --home DIR``); the window's own signal for its
# first painted ledger is connected as the window is made.
DESK = r"""
from desktop.cli import main
from desktop.ui import mainwindow
""" + REPORT + r"""
made = mainwindow.MainWindow.__init__
def watched(self, *args):
    made(self, *args)
    self.first_painted.connect(painted)
mainwindow.MainWindow.__init__ = watched
sys.exit(main(["--home", sys.argv[1]]))
"""

APP_FILTER = REPORT + r"""
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow

class Painted(QObject):
    done = False
    def eventFilter(self, obj, event):
        if (not self.done and event.type() == QEvent.Type.Paint
                and hasattr(obj, "window") and isinstance(obj.window(), QMainWindow)):
            self.done = True
            QTimer.singleShot(0, painted)
        return False

app = QApplication(sys.argv[:1])
watch = Painted(); app.installEventFilter(watch)
"""
BARE_APP_FILTER = APP_FILTER + r"""
w = QMainWindow(); w.resize(1100, 700); w.show()
app.exec()
"""
DESK_APP_FILTER = APP_FILTER + r"""
from desktop.cli import main
sys.exit(main(["--home", sys.argv[1]]))
"""


def one(code: str, *args: str, command: list[str] | None = None) -> tuple[float, float]:
    """Seconds from launch to the first painted frame, and to the desk fully open.
    ``command`` runs a program instead (it must print "painted" and "opened")."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    proc = subprocess.Popen(command or [sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    marks: dict[str, float] = {}
    for line in proc.stdout:
        marks[line.strip()] = time.perf_counter() - start
        if "opened" in marks:
            break
    if "painted" not in marks or "opened" not in marks:
        raise RuntimeError("the child never painted")
    proc.wait(timeout=30)
    return marks["painted"], marks["opened"]


def frozen(folder: Path) -> None:
    """``--frozen DIR``: the installed program (PyInstaller folder) against the source
    install, both started as a clerk starts them (``rectdesk --home D``), each quitting
    itself after its first frame and the full open (hidden --quit-after-first-frame)."""
    source = [str(Path(sys.executable).with_name("rectdesk"))]
    built = [str(folder / "rectdesk")]
    home = Path(tempfile.mkdtemp(prefix="rectdesk-bench-"))
    try:
        subprocess.run([*source, "--home", str(home / "d"), "demo"], check=True,
                       stdout=subprocess.DEVNULL, env=dict(os.environ, RECTDESK_TODAY=""))
        runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else RUNS
        times: dict[str, list[tuple[float, float]]] = {"source": [], "frozen": []}
        for cmd in (source, built):  # warm the file cache once for each
            one("", command=[*cmd, "--home", str(home / "d"), "--quit-after-first-frame"])
        for _ in range(runs):
            for name, cmd in (("source", source), ("frozen", built)):
                shutil.rmtree(home / "d" / "backups", ignore_errors=True)
                times[name].append(one("", command=[*cmd, "--home", str(home / "d"),
                                                    "--quit-after-first-frame"]))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    for name, marks in times.items():
        painted = [p for p, _ in marks]
        opened = [o for _, o in marks]
        print(f"{name:7s} first frame median {statistics.median(painted) * 1000:.0f} ms "
              f"(quickest {min(painted) * 1000:.0f}), fully open median "
              f"{statistics.median(opened) * 1000:.0f} ms  runs "
              f"{[round(x * 1000) for x in painted]}")


def main() -> None:
    if "--frozen" in sys.argv:
        frozen(Path(sys.argv[sys.argv.index("--frozen") + 1]))
        return
    bare_code, desk_code = (BARE_APP_FILTER, DESK_APP_FILTER) if "--app-filter" in sys.argv \
        else (BARE, DESK)
    # An installed program starts from byte code (pip and PyInstaller compile it);
    # write it even where PYTHONDONTWRITEBYTECODE is set, as on some build machines.
    for package in ("desktop", "db"):
        compileall.compile_dir(ROOT / package, quiet=1)
    home = Path(tempfile.mkdtemp(prefix="rectdesk-bench-"))
    try:
        subprocess.run([sys.executable, "-m", "desktop", "--home", str(home / "d"), "demo"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        one(bare_code)  # warm the file cache once for both
        bare, desk, opened = [], [], []
        runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else RUNS
        for _ in range(runs):  # interleaved, so drift hits both alike
            bare.append(one(bare_code)[0])
            # A backup is made once a day; let it count in every run like at a real start.
            shutil.rmtree(home / "d" / "backups", ignore_errors=True)
            painted, ready = one(desk_code, str(home / "d"))
            desk.append(painted)
            opened.append(ready)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    b, d = statistics.median(bare), statistics.median(desk)
    print(f"bare QMainWindow  median {b * 1000:.0f} ms  runs {[round(x * 1000) for x in bare]}")
    print(f"rectdesk (demo)   median {d * 1000:.0f} ms  runs {[round(x * 1000) for x in desk]}")
    print(f"ratio {d / b:.2f} (target ≤ 1.5)")
    # Noise here only ever adds time: the quickest runs compare the work itself.
    print(f"quickest runs: bare {min(bare) * 1000:.0f} ms, rectdesk {min(desk) * 1000:.0f} ms,"
          f" ratio {min(desk) / min(bare):.2f}")
    print(f"rectdesk fully open (all views, data layer) median "
          f"{statistics.median(opened) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
