"""Export → import without edits changes nothing, whatever the text holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from excel_helpers import dump, small_desk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.models import Effect, Measure, Petition, Problem, Progress, Responsibility
from desktop.exports.excel_import import apply_import, plan_import
from desktop.exports.excel_ledger import export_ledger
from desktop.services.desk import DeskContext

_CHARS = st.characters(exclude_categories=("Cs",))
TEXT = st.one_of(
    st.text(_CHARS, max_size=200),
    st.tuples(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "_x0041_", " "]),
              st.text(_CHARS, max_size=50)).map("".join),
    # Long text up to Excel's cell limit, repeated from a random seed.
    st.tuples(st.text(_CHARS, min_size=1, max_size=40), st.integers(500, 40_000))
    .map(lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: min(t[1], 32_767)]),
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DeskContext, dict[str, str]]]:
    ctx, ids = small_desk(tmp_path_factory.mktemp("desk") / "home")
    yield ctx, ids
    ctx.close()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(description=TEXT, narrative=TEXT, result=TEXT)
def test_round_trip_changes_nothing(desk: tuple[DeskContext, dict[str, str]],
                                    tmp_path_factory: pytest.TempPathFactory,
                                    description: str, narrative: str, result: str) -> None:
    ctx, ids = desk
    with ctx.store.write() as s:  # straight into the rows: no cleaning on the way in
        s.get(Measure, ids["measure"]).description = description
        s.get(Progress, ids["progress"]).narrative = narrative
        s.get(Petition, ids["petition"]).result = result
    out = tmp_path_factory.mktemp("x") / "l.xlsx"
    export_ledger(ctx, out, "2026-11")
    before = dump(ctx)
    plan = plan_import(ctx, out)
    assert plan.ok, [m.zh for r in plan.rows for m in r.errors]
    assert plan.counts() == {"new": 0, "changed": 0, "unchanged": 3, "rejected": 0}
    apply_import(ctx, out)
    assert dump(ctx) == before


def test_demo_round_trip(county_demo: DeskContext, tmp_path: Path) -> None:
    out = tmp_path / "l.xlsx"
    export_ledger(county_demo, out, "2026-10")  # a month with progress entered
    before = dump(county_demo)
    plan = apply_import(county_demo, out)
    counts = plan.counts()
    assert counts["changed"] == counts["new"] == counts["rejected"] == 0
    with county_demo.store.read() as s:
        rows = sum(s.query(m).count() for m in (Problem, Measure, Responsibility, Effect,
                                                Petition))
        rows += s.query(Progress).filter(Progress.period == "2026-10").count()
    assert counts["unchanged"] == rows
    assert not plan.problems and not plan.notes
    assert dump(county_demo) == before
