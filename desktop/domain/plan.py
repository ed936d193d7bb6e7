"""The plan's wording, read as rules: deadlines as plans write them (整改时限) and
responsible units as plans name them (责任单位).  Plain Python, no data layer."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.domain.validation import parse_date
from desktop.i18n import Msg

ROUND_KINDS = ("central", "provincial", "special", "local")
# A kind in words (the codes are what `round add --kind` takes).
ROUND_KIND_LABELS = {"central": Msg("中央督察", "Central inspection"),
                     "provincial": Msg("省级督察", "Provincial inspection"),
                     "special": Msg("专项督察", "Special inspection"),
                     "local": Msg("自查发现", "Found by self-inspection")}
UNIT_KINDS = ("county", "zone", "department")


def round_title(name: str, kind: str | None, lang: str = "zh") -> str:
    """A round as documents name it: its name and its kind in words, e.g.
    “第二轮中央生态环境保护督察（中央督察）”; with ``lang="en"`` as the English window
    and command line show it, “… (Central inspection)”.  Documents stay Chinese."""
    label = ROUND_KIND_LABELS.get(kind or "")
    if label and lang == "en":
        return f"{name} ({label.en})"
    return f"{name}（{label.zh}）" if label and label.zh not in name else name

# Units with a desk of their own that reports to the city (counties, districts,
# county-level cities, development zones).  City departments report through the city.
REPORTING_KINDS = frozenset({"county", "zone"})

IMMEDIATE = "立行立改"
ONGOING = "长期坚持"


@dataclass(frozen=True)
class Deadline:
    """A task's deadline: a date, "长期坚持" (ongoing, maybe after a first date), or
    "立行立改" (immediately: the plan's issue date)."""

    on: date | None
    ongoing: bool = False


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_YEAR_END = re.compile(r"^(\d{4})\s*年\s*(?:底|年底|末)\s*(?:前|以前)?$")
_MONTH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:底|末|份)?\s*(?:前|以前)?$")
_DAY = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:前|以前)?$")


def _one_date(text: str) -> date:
    t = text.strip()
    m = _YEAR_END.match(t)
    if m:
        return date(int(m.group(1)), 12, 31)
    m = _MONTH.match(t)
    if m:
        return _month_end(int(m.group(1)), int(m.group(2)))
    m = _DAY.match(t)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return parse_date(t)  # 2020-12-31, 2020.12.31, 2020/12/31; ValueError otherwise


def parse_deadline(value: object, immediate: date | None) -> Deadline:
    """Every deadline form plans use.  ``immediate``: the date "立行立改" means (the
    plan's issue date).  ValueError (with the clerk's reason as a Msg in args[0]) for
    anything else."""
    if isinstance(value, date):
        return Deadline(value)
    text = str(value or "").strip()
    if not text:
        raise ValueError(Msg("整改时限为空", "the deadline is empty"))
    parts = [p.strip() for p in re.split(r"[，,；;、\s]+", text) if p.strip()]
    ongoing = ONGOING in parts
    rest = [p for p in parts if p != ONGOING]
    if not rest:
        return Deadline(None, ongoing=True)
    if len(rest) > 1:
        raise ValueError(Msg(f"整改时限“{text}”写了多个日期", f"deadline “{text}” has two dates"))
    if rest[0] == IMMEDIATE:
        if immediate is None:
            raise ValueError(Msg("“立行立改”需要督察轮次的方案印发日期",
                                 "“立行立改” needs the round's plan issue date"))
        return Deadline(immediate, ongoing)
    try:
        return Deadline(_one_date(rest[0]), ongoing)
    except ValueError:
        raise ValueError(Msg(
            f"整改时限“{text}”无法识别（可写 2020年12月底前、2020年底前、2021年6月、"
            "立行立改、长期坚持或 2020-12-31）",
            f"deadline “{text}” not understood (write 2020年12月底前, 2021年6月, 立行立改, "
            "长期坚持 or 2020-12-31)")) from None


def deadline_text(deadline: Deadline) -> str:
    """How a plan writes it; parse_deadline reads it back to the same value."""
    if deadline.on is None:
        return ONGOING
    d = deadline.on
    if d == _month_end(d.year, d.month):
        text = f"{d.year}年底前" if d.month == 12 else f"{d.year}年{d.month}月底前"
    else:
        text = f"{d.year}年{d.month}月{d.day}日前"
    return f"{text}，{ONGOING}" if deadline.ongoing else text


# --- responsible units -----------------------------------------------------------------

# "各县（市、区）", "各县（市、区）政府", "各县（市、区）、开发区": every reporting unit.
_ALL = re.compile(
    r"各县[（(]市[、,，]区[)）](?:党委和政府|党委、政府|人民政府|政府|党委)?"
    r"(?:[、，,和及]\s*(?:各)?开发区(?:管委会|党工委)?)?")
ALL_REPORTING = "*"
_SEPARATORS = re.compile(r"[、，,;；/\n\r]+")
_SUFFIXES = ("人民政府", "政府", "党委", "管委会", "党工委")


def split_units(text: str) -> list[str]:
    """The names written in a 责任单位 cell, in order; ``ALL_REPORTING`` for the
    phrase meaning every reporting unit."""
    text = _ALL.sub(f"、{ALL_REPORTING}、", text or "")
    out: list[str] = []
    for part in _SEPARATORS.split(text):
        name = part.strip().strip("。.")
        if name and name not in out:
            out.append(name)
    return out


def _bare(name: str) -> str:
    for s in _SUFFIXES:
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[: -len(s)]
    return name


@dataclass(frozen=True)
class UnitName:
    code: str
    name: str
    short_name: str
    kind: str


_CITY_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}市(?=[\u4e00-\u9fff]{2,})")


def name_index(units: Iterable[UnitName]) -> dict[str, str]:
    """Every way a plan may write a unit → its code: its name, its short name, either
    without the city in front (保定市竞秀区 → 竞秀区; a department 保定市生态环境局 →
    市生态环境局, 生态环境局); "政府" behind is dropped when matching."""
    index: dict[str, str] = {}
    for u in units:
        forms = {u.code, u.name, u.short_name}
        for f in list(forms):
            m = _CITY_PREFIX.match(f or "")
            if m:
                rest = f[m.end():]
                forms.add(rest)
                if u.kind == "department":
                    forms.add("市" + rest)
        for f in forms:
            if f:
                index.setdefault(f, u.code)
    return index


def match_unit(index: dict[str, str], written: str) -> str | None:
    return index.get(written) or index.get(_bare(written))


_ITEM = re.compile(r"(?:^|(?<=[；;。\s]))"
                   r"(?:[（(]?\d{1,2}[)）.、．]|[一二三四五六七八九十]+[是、]|[①-⑳])\s*")


def split_measures(text: str) -> list[str]:
    """整改措施 written as a numbered list (1. … 2. … / 一是…二是… / ①…) or one per
    line → one measure per item; one text without numbers stays one measure."""
    text = (text or "").strip()
    if not text:
        return []
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    items: list[str] = []
    for line in lines:
        pieces = [p.strip(" ；;。") for p in _ITEM.split(line) if p.strip(" ；;。")]
        items.extend(pieces or [line])
    return items
