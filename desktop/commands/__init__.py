"""Subcommands of ``rectdesk``; each module has ``register(subparsers)``."""
