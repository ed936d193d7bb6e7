"""Refusal messages a clerk reads after an import (brief: attack): Chinese first, in the
clerk's words.  Seen on joining the city demo: 252 warnings, many naming fields and
tables by their code names.  A fault not yet fixed is marked xfail (strict); the
fixed ones are plain tests."""

from __future__ import annotations

import re

import pytest

from desktop.domain import rights


@pytest.mark.parametrize("table, field", [("effect", "achieved"), ("petition", "closed_on"),
                                          ("petition", "replied_on")])
def test_field_names_in_refusals_are_chinese(table: str, field: str) -> None:
    msg = rights.city_fills_for_county(table, field)
    assert msg is not None
    assert not re.search(r"[A-Za-z_]{3,}", msg.zh), msg.zh


def test_a_measures_status_is_not_called_task_status() -> None:
    msg = rights.city_fills_for_county("measure", "status")
    assert msg is not None and "任务状态" not in msg.zh, msg.zh


def test_missing_parent_named_in_the_clerks_words() -> None:
    from desktop.packets.merge import Merger

    class _Session:
        def scalars(self, *_: object) -> list[object]:
            return []

    m = Merger(_Session(), "130602", "county")  # type: ignore[arg-type]
    m.objs[("closeout_request", "r1")] = None
    msg = m._parent_problem("closeout_decision", {"request_uuid": "r1", "task_uuid": None})
    assert msg is not None
    assert "closeout_request" not in msg.zh, msg.zh
