"""The plan's wording read as rules: deadlines, responsible units, measures."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.plan import (
    ALL_REPORTING,
    Deadline,
    UnitName,
    deadline_text,
    match_unit,
    name_index,
    parse_deadline,
    split_measures,
    split_units,
)

ISSUED = date(2020, 4, 22)


@pytest.mark.parametrize(("text", "expected"), [
    ("2020年12月底前", Deadline(date(2020, 12, 31))),
    ("2020年底前", Deadline(date(2020, 12, 31))),
    ("2021年6月", Deadline(date(2021, 6, 30))),
    ("2021年2月底", Deadline(date(2021, 2, 28))),
    ("2020年6月15日前", Deadline(date(2020, 6, 15))),
    ("立行立改", Deadline(ISSUED)),
    ("长期坚持", Deadline(None, ongoing=True)),
    ("立行立改，长期坚持", Deadline(ISSUED, ongoing=True)),
    ("2020年12月底前，长期坚持", Deadline(date(2020, 12, 31), ongoing=True)),
    ("2020-12-31", Deadline(date(2020, 12, 31))),
    (date(2020, 9, 1), Deadline(date(2020, 9, 1))),
])
def test_every_deadline_form(text: object, expected: Deadline) -> None:
    got = parse_deadline(text, ISSUED)
    assert got == expected
    assert parse_deadline(deadline_text(got), ISSUED) == got  # written back, read the same


@pytest.mark.parametrize("text", ["尽快", "2020年13月", "2020年底前，2021年底前", ""])
def test_bad_deadline_says_why(text: str) -> None:
    with pytest.raises(ValueError) as e:
        parse_deadline(text, ISSUED)
    assert "整改时限" in e.value.args[0].zh


def test_immediate_needs_an_issue_date() -> None:
    with pytest.raises(ValueError):
        parse_deadline("立行立改", None)


@pytest.mark.parametrize("text", ["各县（市、区）", "各县（市、区）政府", "各县（市、区）、开发区",
                                  "各县(市、区)党委、政府"])
def test_every_reporting_unit_phrase(text: str) -> None:
    assert split_units(text) == [ALL_REPORTING]


def test_unit_names_separators_short_names() -> None:
    units = [UnitName("130602", "保定市竞秀区", "", "county"),
             UnitName("130671", "保定市生态环境局", "", "department"),
             UnitName("130699", "高新区", "保定高新区", "zone")]
    index = name_index(units)
    written = split_units("竞秀区政府、市生态环境局；保定高新区\n各县（市、区）")
    assert written == ["竞秀区政府", "市生态环境局", "保定高新区", ALL_REPORTING]
    assert [match_unit(index, w) for w in written[:3]] == ["130602", "130671", "130699"]
    assert match_unit(index, "莲池区") is None


def test_measures_split_into_items() -> None:
    assert split_measures("1.开展排查；2.建立台账。3.严格执法") == [
        "开展排查", "建立台账", "严格执法"]
    assert split_measures("一是覆盖；二是监测") == ["覆盖", "监测"]
    assert split_measures("（1）清理\n（2）巡查") == ["清理", "巡查"]
    assert split_measures("加强巡查，每月2次") == ["加强巡查，每月2次"]
    assert split_measures("") == []


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.booleans())
def test_deadline_written_back_reads_the_same(on: date, ongoing: bool) -> None:
    d = Deadline(on, ongoing)
    assert parse_deadline(deadline_text(d), ISSUED) == d
