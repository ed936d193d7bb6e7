"""Frozen launcher of the window program ``rectdesk`` (subcommands work too)."""

import os
import sys

# A windowed Windows program has no console: PyInstaller leaves sys.stdout and
# sys.stderr as None, and a subcommand's message would then fail to be written.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

from desktop.cli import main  # noqa: E402

raise SystemExit(main())
