"""A round's kind on the command line follows the language: in English `tasks list`
and `status` say “(Central inspection)”, not “（中央督察）”; Chinese is unchanged, and
`round list` names the kind by the code `round add --kind` takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from tests.plan import two_rounds
from tests.plan.two_rounds import CENTRAL, PROVINCIAL

CHINESE_KINDS = ("中央督察", "省级督察", "专项督察", "自查发现")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("two-rounds-kind")


def run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> str:
    assert main(["--home", str(home), *argv]) == 0
    return capsys.readouterr().out


def test_kinds_in_english(capsys: pytest.CaptureFixture[str], template: Path, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    _city, county, _ids = two_rounds.copy(template, tmp_path)
    monkeypatch.setenv("RECTDESK_LANG", "en")
    out = run(capsys, county, "tasks", "list")
    assert f"{CENTRAL} (Central inspection)" in out
    assert f"{PROVINCIAL} (Provincial inspection)" in out
    out += run(capsys, county, "status")
    assert "By round: " in out and f"{CENTRAL} (Central inspection) 2" in out
    out += run(capsys, county, "status", "--round", CENTRAL)
    assert f"Inspection round: {CENTRAL} (Central inspection)" in out
    rounds = run(capsys, county, "round", "list")
    assert "central" in rounds and "provincial" in rounds
    for text in (out, rounds):
        assert not any(k in text for k in CHINESE_KINDS)


def test_kinds_in_chinese_unchanged(capsys: pytest.CaptureFixture[str], template: Path,
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _city, county, _ids = two_rounds.copy(template, tmp_path)
    monkeypatch.setenv("RECTDESK_LANG", "zh")
    out = run(capsys, county, "tasks", "list")
    assert f"{CENTRAL}（中央督察）" in out and f"{PROVINCIAL}（省级督察）" in out
    out = run(capsys, county, "status", "--round", CENTRAL)
    assert f"督察轮次：{CENTRAL}（中央督察）" in out


def test_a_bare_number_names_the_rounds_in_english(
        capsys: pytest.CaptureFixture[str], template: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _city, county, ids = two_rounds.copy(template, tmp_path)
    monkeypatch.setenv("RECTDESK_LANG", "en")
    assert main(["--home", str(county), "selfcheck", "1", "--opinion", "done"]) == 1
    err = capsys.readouterr().err
    assert "--round" in err and f"{ids['central'][:8]}  {CENTRAL} (Central inspection)" in err
    assert f"{PROVINCIAL} (Provincial inspection)" in err
    assert not any(k in err for k in CHINESE_KINDS)
