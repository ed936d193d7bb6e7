"""The Qt window: the only package that imports PySide6 (see DESIGN.md §2, §7)."""
