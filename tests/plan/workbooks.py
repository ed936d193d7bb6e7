"""Workbooks in the layouts cities publish their task lists in (for tests and the
benchmark): a title row or two, merged cells, header synonyms, every deadline form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

PUBLISHED_HEADER = ["序号", "督察反馈问题", "整改目标", "整改措施", "牵头市领导", "牵头单位",
                    "责任单位", "责任人", "整改时限"]


def published(path: Path, rows: list[list[Any]], *, header: list[str] | None = None,
              merge: list[str] = (), title_rows: int = 2) -> Path:  # type: ignore[assignment]
    """``rows`` under the header; ``merge``: ranges to merge after writing (the
    top-left keeps its value, the rest are blank as Excel leaves them)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "附件"
    head = header or PUBLISHED_HEADER
    if title_rows >= 1:
        ws.append(["保定市关于第二轮省委、省政府生态环境保护督察反馈意见整改落实方案"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    if title_rows >= 2:
        ws.append(["整改任务清单", None, None, None, None, None, None, None, "2020年4月"])
    ws.append(head)
    for r in rows:
        ws.append(r)
    for ref in merge:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def big(path: Path, tasks: int, unit_names: list[str]) -> Path:
    rows = []
    for n in range(1, tasks + 1):
        resp = "各县（市、区）、开发区" if n % 3 == 0 else "、".join(
            unit_names[(n + i) % len(unit_names)] for i in range(3))
        rows.append([n, f"第{n}项问题：部分企业污染防治设施不正常运行。", "全面整改到位",
                     "1.开展排查；2.建立台账；3.严格执法", "副市长", "市生态环境局", resp,
                     "张三", "2020年12月底前" if n % 2 else "长期坚持"])
    return published(path, rows)
