"""Frozen launcher of the window program ``rectdesk`` (subcommands work too)."""

from desktop.cli import main

raise SystemExit(main())
