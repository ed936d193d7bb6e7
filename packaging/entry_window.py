"""Frozen launcher of the window program ``rectdesk`` (subcommands work too)."""

import os
import sys

# A windowed Windows program has no console: PyInstaller leaves sys.stdout and
# sys.stderr as None, and a subcommand's message would then fail to be written.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

# Chinese input on UOS and Kylin (fcitx): choose a Qt input plugin the folder has,
# before Qt is loaded.  RECTDESK_SHOW_IM=1 prints the choice (tests, support).
if sys.platform.startswith("linux") and hasattr(sys, "_MEIPASS"):
    from pathlib import Path

    import im_choice

    _why = im_choice.apply(plugin_dir=Path(sys._MEIPASS) / "PySide6" / "Qt" / "plugins"
                           / "platforminputcontexts")
    if os.environ.get("RECTDESK_SHOW_IM"):
        print(f"input method: QT_IM_MODULE={os.environ.get('QT_IM_MODULE', '')} ({_why})",
              file=sys.stderr)

from desktop.cli import main  # noqa: E402

raise SystemExit(main())
