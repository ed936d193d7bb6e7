"""Evidence files (佐证材料): stored once by SHA-256 in the desk's evidence folder;
the database keeps the name, type, size, caption and hash."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from sqlalchemy.orm import Session

from db.models import Evidence
from desktop.fileio import atomic_write_bytes, private_dir
from desktop.i18n import Msg, UserError
from desktop.paths import DeskPaths

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


def store_bytes(paths: DeskPaths, data: bytes, durable: bool = True) -> str:
    """Write ``data`` into the store (once); returns its SHA-256.  ``durable=False``
    skips the per-file fsync for bulk writers that sync once at the end."""
    sha = hashlib.sha256(data).hexdigest()
    target = paths.evidence_file(sha)
    if target.exists() and target.stat().st_size == len(data):
        return sha
    try:
        private_dir(paths.evidence)
        private_dir(target.parent)
        atomic_write_bytes(target, data, durable=durable)  # 0600, like every file we write
    except OSError as e:
        raise UserError(
            Msg(
                f"无法保存佐证材料：{e.strerror}。请检查磁盘空间。",
                f"Cannot store the evidence file: {e.strerror}. Check disk space.",
            )
        ) from e
    return sha


def read_bytes(paths: DeskPaths, sha: str) -> bytes:
    data = paths.evidence_file(sha).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        raise UserError(
            Msg(
                "佐证材料文件已被改动或损坏（校验值不符）。",
                "The evidence file was altered or damaged (hash mismatch).",
            )
        )
    return data


def add_file(
    session: Session,
    paths: DeskPaths,
    desk_code: str,
    source: Path,
    *,
    task_uuid: str | None = None,
    measure_uuid: str | None = None,
    effect_uuid: str | None = None,
    petition_uuid: str | None = None,
    caption: str = "",
) -> Evidence:
    try:
        size = source.stat().st_size
        if size > MAX_EVIDENCE_BYTES:
            raise UserError(
                Msg(
                    f"文件“{source.name}”超过200 MB，不能作为佐证材料。",
                    f"“{source.name}” is larger than 200 MB.",
                )
            )
        data = source.read_bytes()
    except OSError as e:
        raise UserError(
            Msg(
                f"无法读取文件“{source.name}”：{e.strerror}。",
                f"Cannot read “{source.name}”: {e.strerror}.",
            )
        ) from e
    return add_bytes(
        session,
        paths,
        desk_code,
        source.name,
        data,
        task_uuid=task_uuid,
        measure_uuid=measure_uuid,
        effect_uuid=effect_uuid,
        petition_uuid=petition_uuid,
        caption=caption,
    )


def add_bytes(
    session: Session,
    paths: DeskPaths,
    desk_code: str,
    name: str,
    data: bytes,
    *,
    task_uuid: str | None = None,
    measure_uuid: str | None = None,
    effect_uuid: str | None = None,
    petition_uuid: str | None = None,
    caption: str = "",
    uuid: str | None = None,
    durable: bool = True,
) -> Evidence:
    sha = store_bytes(paths, data, durable)
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    kw = {"uuid": uuid} if uuid else {}
    ev = Evidence(
        sha256=sha,
        name=name,
        media_type=media,
        size=len(data),
        caption=caption,
        task_uuid=task_uuid,
        measure_uuid=measure_uuid,
        effect_uuid=effect_uuid,
        petition_uuid=petition_uuid,
        owner=desk_code,
        **kw,
    )
    session.add(ev)
    return ev
