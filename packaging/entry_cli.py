"""Frozen launcher of the console program ``rectdesk-cli`` (help, not the window, when
no subcommand is given)."""

from desktop.cli import main_cli

raise SystemExit(main_cli())
