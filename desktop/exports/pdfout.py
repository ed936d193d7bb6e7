"""Small pieces every PDF document here shares: saving, short dates, labels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.domain.lights import LABELS as LIGHT_LABELS
from desktop.domain.lights import Light
from desktop.domain.status import LABELS as STATUS_LABELS
from desktop.domain.status import Status
from desktop.exports.xlsx_common import unwritable
from desktop.fileio import atomic_write_bytes

ONGOING = "长期坚持"
CN_ORDINALS = "一二三四五六七八九十"  # （一）（二）… sub-headings, e.g. one per round


def save_bytes_atomically(data: bytes, out: Path) -> Path:
    """A failed export never leaves half a PDF where the clerk expects the old one."""
    try:
        atomic_write_bytes(Path(out), data)
    except OSError as e:
        raise unwritable(Path(out), e) from e
    return Path(out)


def short_date(d: date | None, empty: str = "") -> str:
    """Table date: Arabic numerals without zero padding (GB/T 9704), compact."""
    return f"{d.year}.{d.month}.{d.day}" if d else empty


def deadline_text(d: date | None) -> str:
    return short_date(d, ONGOING)


def period_cn(period: str) -> str:
    year, month = period.split("-")
    return f"{int(year)}年{int(month)}月"


def percent_text(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def status_zh(status: str) -> str:
    # Official documents are Chinese whatever language the clerk's UI is in.
    return STATUS_LABELS[Status(status)].zh


def light_zh(light: str) -> str:
    return LIGHT_LABELS[Light(light)].zh
