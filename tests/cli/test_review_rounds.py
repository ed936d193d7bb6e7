"""`rectdesk review list` names each request's inspection round (issue 11): in the
JSON always, in the text as a column once the desk holds more than one round."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.services import demo
from tests.conftest import TODAY
from tests.plan import two_rounds_queue
from tests.plan.two_rounds import CENTRAL, PROVINCIAL

_full = demo.load_catalogue


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("two-rounds-queue")


def run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str]:
    code = main(["--home", str(home), *argv])
    return code, capsys.readouterr().out


def test_two_rounds_named_in_json_and_text(capsys: pytest.CaptureFixture[str],
                                           template: Path, tmp_path: Path) -> None:
    city, _county, ids = two_rounds_queue.copy(template, tmp_path)
    code, out = run(capsys, city, "review", "list", "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 2 and {i["number"] for i in items} == {1}
    by_round = {i["round_uuid"]: i for i in items}
    assert set(by_round) == {ids["central"], ids["provincial"]}
    assert by_round[ids["central"]]["round_name"] == CENTRAL
    assert by_round[ids["provincial"]]["round_name"] == PROVINCIAL
    # The fields the queue had before are all still there.
    for i in items:
        assert {"id", "kind", "number", "unit_code", "unit_name", "task_uuid", "title",
                "requested_on", "new_deadline", "previous_deadline", "reason"} <= set(i)
        assert i["kind"] == "extension"
    code, out = run(capsys, city, "review", "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    for i in items:
        line = next(x for x in lines if x.startswith(i["id"][:8]))
        assert i["round_name"] in line
        other = CENTRAL if i["round_name"] == PROVINCIAL else PROVINCIAL
        assert other not in line


def _small() -> dict[str, Any]:
    cat = _full()
    cat["counties"] = cat["counties"][:4]
    return cat


def test_one_round_keeps_its_layout(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "load_catalogue", _small)
    demo.build_demo(tmp_path / "city", "city", None, TODAY).close()
    city = tmp_path / "city"
    code, out = run(capsys, city, "round", "list", "--json")
    rounds = json.loads(out)
    assert code == 0 and len(rounds) == 1
    code, out = run(capsys, city, "review", "list", "--json")
    items = json.loads(out)
    assert items and all(i["round_uuid"] == rounds[0]["id"] and
                         i["round_name"] == rounds[0]["name"] for i in items)
    code, out = run(capsys, city, "review", "list")
    assert code == 0 and rounds[0]["name"] not in out
    # Today's columns: id, kind, date, unit, number, title.
    first = out.splitlines()[0].split()
    item = items[0]
    assert first[:5] == [item["id"][:8], "销号" if item["kind"] == "closeout" else "延期",
                         item["requested_on"], item["unit_name"], str(item["number"])]
