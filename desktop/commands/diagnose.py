"""``rectdesk diagnose --out FILE.zip``: what a clerk sends to whoever supports her.

Versions (program, Python, Qt, SQLite, libraries), the platform, the data folder's
shape (sizes and counts, no file names from the evidence store), the settings, the
schema version, SQLite's integrity check, the audit chain check and the program log.
Never in it: the ledger itself, evidence files, keys, or a petition's complainant
(their names, phones and ID numbers are also blanked out of the log, should an error
message ever have quoted one).  Works on a damaged or older ledger too: each part
that fails says why in the report instead of stopping the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import sys
import traceback
import zipfile
from collections.abc import Callable
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from desktop import __version__, paths
from desktop.i18n import Msg, UserError, tr

# Counted, never copied: the tables of the ledger a supporter may want sizes of.
BLANK = "＊＊＊"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diagnose",
        help=tr("生成诊断包（不含个人信息），发给技术支持",
                "write a diagnostics zip (no personal data) for support"),
    )
    p.add_argument("--out", type=Path, required=True, metavar="FILE.zip")
    p.set_defaults(handler=cmd_diagnose)


def _part(report: dict[str, Any], name: str, fn: Callable[[], Any]) -> None:
    try:
        report[name] = fn()
    except Exception as e:  # a broken part is itself the finding
        report[name] = {"error": f"{type(e).__name__}: {e}",
                        "traceback": traceback.format_exc()}


def versions() -> dict[str, Any]:
    libs = sorted(
        {(d.metadata["Name"] or "?", d.version) for d in metadata.distributions()},
        key=lambda nv: nv[0].lower(),
    )
    qt = next((v for n, v in libs
               if n.lower().replace("_", "-") in ("pyside6-essentials", "pyside6")), None)
    return {
        "program": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
        "python": sys.version,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "qt (PySide6)": qt,
        "sqlite": sqlite3.sqlite_version,
        "libraries": {n: v for n, v in libs},
        "language": os.environ.get("RECTDESK_LANG") or os.environ.get("LANG"),
    }


def folder(home: Path) -> dict[str, Any]:
    from desktop.netshare import network_share

    desk = paths.DeskPaths(home)
    out: dict[str, Any] = {"path": str(home), "exists": home.exists(),
                           "network_share": network_share(home)}
    if not home.exists():
        return out
    out["entries"] = {p.name + ("/" if p.is_dir() else ""): p.stat().st_size
                      for p in sorted(home.iterdir()) if p.name != "evidence"}
    ev = [p for p in desk.evidence.rglob("*") if p.is_file()] if desk.evidence.exists() else []
    out["evidence"] = {"files": len(ev), "bytes": sum(p.stat().st_size for p in ev)}
    if desk.backups.exists():
        out["backups"] = {p.name: p.stat().st_size for p in sorted(desk.backups.iterdir())}
    try:
        import shutil

        out["disk_free_bytes"] = shutil.disk_usage(home).free
    except OSError as e:
        out["disk_free_bytes"] = str(e)
    return out


def _connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)


def database(db: Path) -> dict[str, Any]:
    from db.revisions import head_revision, stored_revision

    if not db.exists():
        return {"exists": False}
    conn = _connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        settings: dict[str, Any] = {}
        if "setting" in tables:
            settings = {k: json.loads(v) if isinstance(v, str) else v
                        for k, v in conn.execute("SELECT key, value FROM setting")}
        desk = None
        if "desk" in tables:  # the office's role, code and name: not personal
            row = conn.execute("SELECT role, code, name, demo FROM desk").fetchone()
            desk = dict(zip(("role", "code", "name", "demo"), row, strict=True)) if row else None
        return {
            "exists": True,
            "bytes": db.stat().st_size,
            "schema": {"stored": stored_revision(conn), "program": head_revision()},
            "integrity_check": [r[0] for r in conn.execute("PRAGMA integrity_check")],
            "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
            "desk": desk,
            "settings": settings,
            "row_counts": counts,
        }
    finally:
        conn.close()


def audit_chain(home: Path, report: dict[str, Any]) -> dict[str, Any]:
    schema = report.get("database", {}).get("schema", {})
    if not schema or schema.get("stored") != schema.get("program"):
        return {"checked": False, "why": "the ledger is not at this program's schema"}
    from db import audit
    from desktop.services.desk import open_desk

    with open_desk(home, lock=False) as ctx, ctx.store.read() as s:
        r = audit.verify(s)
    return {"checked": True, "ok": r.ok, "entries": r.entries, "head": r.head,
            "problem_seq": r.problem_seq, "problem": str(r.problem) if r.problem else None}


def private_values(db: Path) -> list[str]:
    """Every complainant's name, phone and ID number, to blank out of the log."""
    if not db.exists():
        return []
    conn = _connect(db)
    try:
        rows = conn.execute("SELECT complainant_name, complainant_phone, complainant_id "
                            "FROM petition").fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return sorted({v for row in rows for v in row if v and len(v) >= 2}, key=len, reverse=True)


# Mainland mobile numbers and ID numbers, blanked even when the ledger cannot be read.
_PATTERNS = (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"))


def redact(text: str, private: list[str]) -> str:
    for value in private:
        text = text.replace(value, BLANK)
    for pattern in _PATTERNS:
        text = pattern.sub(BLANK, text)
    return text


def write_diagnostics(home: Path, out: Path) -> dict[str, Any]:
    desk = paths.DeskPaths(home)
    report: dict[str, Any] = {"created": datetime.now().astimezone().isoformat(),
                              "home": str(home)}
    _part(report, "versions", versions)
    _part(report, "folder", lambda: folder(home))
    _part(report, "database", lambda: database(desk.database))
    _part(report, "audit_chain", lambda: audit_chain(home, report))
    private = private_values(desk.database)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        body = json.dumps(report, ensure_ascii=False, indent=1, default=str)
        z.writestr("report.json", redact(body, private))
        logs = sorted(desk.logs.glob("rectdesk.log*")) if desk.logs.exists() else []
        for log in logs:
            text = log.read_text(encoding="utf-8", errors="replace")
            z.writestr(f"logs/{log.name}", redact(text, private))
        cfg = paths.config_file()
        if cfg.exists():
            z.writestr("config/rectdesk.ini", redact(cfg.read_text(errors="replace"), private))
    os.replace(tmp, out)
    return report


def cmd_diagnose(args: argparse.Namespace) -> int:
    from desktop.commands.common import home

    out = args.out.absolute()
    if out.suffix.lower() != ".zip":
        raise UserError(Msg("诊断包的文件名应以 .zip 结尾。", "The output file must end in .zip."))
    try:
        report = write_diagnostics(home(args), out)
    except OSError as e:
        raise UserError(Msg(f"无法写入“{out}”：{e.strerror}。",
                            f"Cannot write “{out}”: {e.strerror}.")) from e
    db = report.get("database", {})
    print(tr("诊断包已写入：{o}（不含台账、证据材料和个人信息）",
             "Diagnostics written to {o} (no ledger, evidence or personal data)", o=out))
    if isinstance(db, dict) and db.get("integrity_check") not in (None, ["ok"]):
        print(tr("注意：数据库完整性检查未通过。", "Note: the database integrity check failed."))
    return 0
