"""Packet import warnings as a clerk reads them: identical ones once with a count,
at most 50 lines and then how many more, tables named in words."""

from __future__ import annotations

from desktop.i18n import Msg
from desktop.packets.importer import group_warnings
from desktop.services.history import table_label


def _refused(uuid: str, why: str) -> Msg:
    return Msg(f"措施清单记录 {uuid} 未导入：{why}", f"Measure list record {uuid} refused: {why}")


def test_identical_warnings_are_grouped_with_a_count() -> None:
    ids = [f"{i:08x}-1111-4a2b-9c3d-123456789abc" for i in range(3)]
    lines = group_warnings([_refused(u, "月份无效") for u in ids] + [_refused(ids[0], "其他")])
    assert [m.zh for m in lines] == ["措施清单记录 未导入：月份无效（共 3 条）",
                                     f"措施清单记录 {ids[0]} 未导入：其他"]
    assert lines[0].en.endswith("(3 records)")


def test_more_than_fifty_lines_say_how_many_more() -> None:
    lines = group_warnings([Msg(f"警告{i}", f"w{i}") for i in range(57)])
    assert len(lines) == 51 and lines[-1].zh == "另有 7 条警告未列出。"
    assert group_warnings([Msg("一", "one")]) == [Msg("一", "one")]


def test_every_table_a_packet_carries_has_words() -> None:
    from desktop.packets.merge import MODELS

    for table in MODELS:
        assert table_label(table).zh != table, table
    assert table_label("supervision_reply").zh == "督办回复"
