"""Small pieces every PDF document here shares: saving, short dates, labels."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date
from pathlib import Path

from desktop.domain.lights import LABELS as LIGHT_LABELS
from desktop.domain.lights import Light
from desktop.domain.status import LABELS as STATUS_LABELS
from desktop.domain.status import Status
from desktop.exports.xlsx_common import unwritable

ONGOING = "长期坚持"


def save_bytes_atomically(data: bytes, out: Path) -> Path:
    """Write beside the target, then rename, so a failed export never leaves half a
    PDF where the clerk expects the old one (same rule as the workbooks)."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".rectdesk-", suffix=".pdf.tmp", dir=folder)
    except OSError as e:
        raise unwritable(out, e) from e
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp_name, out)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise unwritable(out, e) from e
    return out


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
