"""Rectification Desk (整改台账)."""

__version__ = "0.1.0"
APP_NAME = "RectificationDesk"
