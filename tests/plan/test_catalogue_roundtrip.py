"""catalogue export → catalogue import changes nothing, whatever the catalogue holds."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.plan import Deadline
from desktop.exports.catalogue import apply_catalogue, export_catalogue
from desktop.services.catalogue import CatalogueTask
from desktop.services.desk import init_desk

UNITS = ("130602", "130606", "130671")
_text = st.text(alphabet="整改问题河道扬尘企业监管abc 123，。（）", min_size=1, max_size=40).map(
    str.strip).filter(bool)
_task = st.builds(
    lambda fb, target, official, on, ongoing, units: (fb, target, official,
                                                       Deadline(on, ongoing or on is None),
                                                       units),
    _text, st.one_of(st.just(""), _text), st.one_of(st.just(""), _text),
    st.one_of(st.none(), st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))),
    st.booleans(),
    st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True).map(tuple))
_counter = itertools.count()


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_task, min_size=1, max_size=5))
def test_export_import_changes_nothing(tmp_path: Path, tasks: list) -> None:  # type: ignore[type-arg]
    home = tmp_path / f"city{next(_counter)}"
    with init_desk(home, "city", "130600", "保定市整改办") as ctx:
        ctx.ledger.add_unit(code="130602", name="保定市竞秀区", kind="county")
        ctx.ledger.add_unit(code="130606", name="保定市莲池区", kind="county")
        ctx.ledger.add_unit(code="130671", name="保定市生态环境局", kind="department")
        rid = ctx.ledger.add_round(name="第二轮", kind="provincial",
                                   feedback_date=date(2020, 3, 5)).value.uuid
        with ctx.ledger.batch():
            for n, (fb, target, official, deadline, units) in enumerate(tasks, start=1):
                ctx.ledger.save_catalogue_task(rid, CatalogueTask(
                    n, fb[:60], fb, target, "措施", "", units, official, deadline, "", units))
        out = home / "export.xlsx"
        export_catalogue(ctx, out)
        plan = apply_catalogue(ctx, out, rid)
        assert plan.ok, plan.to_json()
        assert [r.action for r in plan.rows] == ["unchanged"] * len(tasks), plan.to_json()
