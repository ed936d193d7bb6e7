"""The acceptance of issue 11: a real plan from an empty desk, through the command line.

On empty folders, no demo: a city desk made with init, three units, a round, the plan's
task list imported from a workbook in the published layout, the city's packet applied
at two county desks made with init; each county sees exactly its tasks; one county asks
for more time and records progress; the packets go round; the city sees the progress and
approves; the county's task shows the new deadline, its light recomputed, the original
deadline kept.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import keys
from tests.plan.workbooks import published

CITY, JX, LC = "130600", "130602", "130606"
PLAN = [
    [1, "部分企业污染防治设施不正常运行。", "全面整改到位", "1.开展排查；2.建立台账", "副市长",
     "市生态环境局", "各县（市、区）", "张三", "2027年3月底前"],
    [2, "竞秀区河道垃圾问题。", "河道清洁", "清理垃圾", None, "市生态环境局", "竞秀区", "李四",
     "立行立改，长期坚持"],
    [3, "莲池区扬尘问题。", "扬尘达标", "一是覆盖；二是监测", None, "市生态环境局", "莲池区政府",
     "王五", "2027年6月"],
    [4, "市直部门监管不到位。", "建立制度", "建立制度", None, "市生态环境局", "市生态环境局",
     "赵六", "长期坚持"],
]


class Desks:
    def __init__(self, capsys: pytest.CaptureFixture[str], root: Path) -> None:
        self.capsys, self.root = capsys, root

    def home(self, code: str) -> Path:
        return self.root / code

    def run(self, code: str, *argv: str, ok: bool = True) -> str:
        rc = main(["--home", str(self.home(code)), *argv])
        out, err = self.capsys.readouterr()
        assert (rc == 0) == ok, (argv, out, err)
        return out + err

    def json(self, code: str, *argv: str) -> object:
        return json.loads(self.run(code, *argv, "--json"))

    def fingerprint(self, code: str) -> str:
        return str(self.json(code, "key", "show")["fingerprint"])  # type: ignore[index]

    def tasks(self, code: str, *argv: str) -> dict[int, dict[str, object]]:
        return {t["number"]: t for t in self.json(code, "tasks", "list", *argv)}  # type: ignore[union-attr,index]


pytestmark = pytest.mark.slow  # four desks, five packets: ≈14 s


@pytest.fixture
def desks(capsys: pytest.CaptureFixture[str], tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Desks:
    monkeypatch.setattr(keys, "scrypt_n", 2**12)
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "a long passphrase")
    monkeypatch.setenv("RECTDESK_TODAY", "2026-12-04")
    return Desks(capsys, tmp_path)


def test_a_real_plan_from_empty_desks(desks: Desks, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    d = desks
    out_dir, up_dir = tmp_path / "usb-down", tmp_path / "usb-up"
    d.run(CITY, "init", "--role", "city", "--code", CITY, "--name", "保定市整改办")
    d.run(CITY, "unit", "add", "--code", JX, "--name", "保定市竞秀区", "--kind", "county")
    d.run(CITY, "unit", "add", "--code", LC, "--name", "保定市莲池区", "--kind", "county",
          "--short", "莲池区")
    d.run(CITY, "unit", "add", "--code", "130671", "--name", "保定市生态环境局",
          "--kind", "department")
    rid = d.json(CITY, "round", "add", "--name", "第二轮省级生态环境保护督察",
                 "--kind", "provincial", "--feedback-date", "2020-03-05",
                 "--plan-issued", "2020-04-22")["id"]  # type: ignore[index]
    d.run(CITY, "indicator", "define", "GOOD_DAYS", "--name", "优良天数", "--uom", "天",
          "--direction", "higher", "--aggregation", "sum", "--units", f"{JX},{LC}")
    book = published(tmp_path / "plan.xlsx", PLAN, merge=["E4:E5"])
    result = d.json(CITY, "catalogue", "import", str(book), "--round", rid, "--apply")
    assert result["new"] == 4 and result["refused"] == 0  # type: ignore[index]

    d.run(CITY, "key", "create")
    d.run(CITY, "key", "export", "--out", str(tmp_path / "citykey"))
    for code, name in ((JX, "竞秀区"), (LC, "莲池区")):
        d.run(code, "init", "--role", "county", "--code", code, "--name", name)
        d.run(code, "key", "create")
        d.run(code, "key", "export", "--out", str(tmp_path / f"key{code}"))
        d.run(code, "trust", "add", str(tmp_path / "citykey" / f"{CITY}.enrol.json"),
              "--fingerprint", d.fingerprint(CITY))
        d.run(CITY, "trust", "add", str(tmp_path / f"key{code}" / f"{code}.enrol.json"),
              "--fingerprint", d.fingerprint(code))
        d.run(CITY, "packet", "export", "--to", code, "--out", str(out_dir))
        d.run(code, "packet", "import", str(out_dir / f"{CITY}_to_{code}_2026-12_seq0001.rdpkt"),
              "--apply")

    # Each county sees exactly the tasks that apply to it, with the plan's measures.
    assert sorted(d.tasks(JX)) == [1, 2]
    assert sorted(d.tasks(LC)) == [1, 3]
    rounds = d.json(JX, "round", "list")
    assert [r["name"] for r in rounds] == ["第二轮省级生态环境保护督察"]  # type: ignore[union-attr,index]
    conn = sqlite3.connect(d.home(LC) / "ledger.sqlite3")
    measures = conn.execute("SELECT m.description, m.owner FROM measure m JOIN task t "
                            "ON t.uuid = m.task_uuid WHERE t.number = 3 ORDER BY m.seq").fetchall()
    conn.close()
    assert measures == [("覆盖", LC), ("监测", LC)]

    # One county asks for more time and records progress; its packet goes up.
    d.run(JX, "extension", "request", "1", "--until", "2027-09-30", "--reason", "冬季不能施工")
    d.run(JX, "progress", "set", "1", "--period", "2026-11", "--percent", "40",
          "--text", "已完成排查")
    d.run(JX, "indicator", "set", "GOOD_DAYS", "--period", "2026-11", "--value", "18")
    d.run(JX, "packet", "export", "--period", "2026-11", "--out", str(up_dir))
    d.run(CITY, "packet", "import", str(up_dir / f"{JX}_2026-11_seq0001.rdpkt"), "--apply")
    at_city = d.tasks(CITY, "--unit", JX)[1]
    assert (at_city["percent"], at_city["status"]) == (40.0, "in_progress")

    good = d.json(CITY, "indicator", "list", "--period", "2026-11")[0]  # type: ignore[index]
    assert good["units"] == {JX: 18.0} and good["value"] == 18.0  # the units' sum

    queue = d.json(CITY, "review", "list")
    assert [(i["kind"], i["number"], i["unit_code"]) for i in queue] == [  # type: ignore[union-attr,index]
        ("extension", 1, JX)]
    ext_id = queue[0]["id"]  # type: ignore[index]
    # A county cannot decide; the city can.
    assert "只有市级" in d.run(JX, "review", "approve", ext_id[:8], ok=False)
    d.run(CITY, "review", "approve", ext_id[:8], "--by", "市整改办")
    assert d.json(CITY, "review", "list") == []
    d.run(CITY, "packet", "export", "--to", JX, "--out", str(out_dir))

    monkeypatch.setenv("RECTDESK_TODAY", "2027-05-01")  # past the original deadline
    before = d.tasks(JX)[1]
    assert (before["deadline"], before["light"]) == ("2027-03-31", "red")
    d.run(JX, "packet", "import", str(out_dir / f"{CITY}_to_{JX}_2026-12_seq0002.rdpkt"),
          "--apply")
    after = d.tasks(JX)[1]
    assert after["deadline"] == "2027-09-30"
    assert after["original_deadline"] == "2027-03-31"
    assert after["light"] != "red"
    # The other county never had the task copies of the first and its lights are its own.
    assert sorted(d.tasks(LC)) == [1, 3]
    assert d.tasks(LC)[1]["deadline"] == "2027-03-31"

    # The city edits its plan: task 1's measures change and it no longer applies to
    # 莲池区.  The next packets bring both: 竞秀区's untouched starting measures follow
    # the plan, 莲池区's copy (never worked on) is withdrawn and deleted there.
    d.run(CITY, "catalogue", "edit", "1", "--round", rid, "--measure", "全面开展排查",
          "--measure", "建立台账", "--measure", "公开整改情况", "--units", JX)
    d.run(CITY, "packet", "export", "--to", JX, "--out", str(out_dir))
    d.run(JX, "packet", "import", str(max(out_dir.glob(f"{CITY}_to_{JX}_*seq0003.rdpkt"))),
          "--apply")
    conn = sqlite3.connect(d.home(JX) / "ledger.sqlite3")
    measures = conn.execute("SELECT m.description FROM measure m JOIN task t ON "
                            "t.uuid = m.task_uuid WHERE t.number = 1 ORDER BY m.seq").fetchall()
    conn.close()
    assert measures == [("全面开展排查",), ("建立台账",), ("公开整改情况",)]
    d.run(CITY, "packet", "export", "--to", LC, "--out", str(out_dir))
    d.run(LC, "packet", "import", str(max(out_dir.glob(f"{CITY}_to_{LC}_*seq0002.rdpkt"))),
          "--apply")
    assert sorted(d.tasks(LC)) == [3]
    assert sorted(d.tasks(CITY, "--unit", LC)) == [3]  # withdrawn: not counted at the city
