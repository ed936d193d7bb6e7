"""The desk's own signing identity as a use case: create, load, show, export, re-key.

The cryptography lives in :mod:`desktop.signing.identity`; here are the desk's folder,
the clerk's messages and the audit events.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from pathlib import Path
from typing import Any

from db import audit
from desktop.fileio import atomic_write_bytes, private_dir
from desktop.i18n import Msg, UserError
from desktop.services.desk import DeskContext
from desktop.signing import identity as ident
from desktop.signing import minisign

__all__ = [
    "DEMO_PASSPHRASE",
    "ENV_PASSPHRASE",
    "change_passphrase",
    "create",
    "create_demo_identity",
    "exists",
    "export",
    "load",
    "public_info",
]

ENV_PASSPHRASE = "RECTDESK_PASSPHRASE"
# Documented in the README: demo desks are for practice, never for real reports.
DEMO_PASSPHRASE = "rectdesk-demo"
# scrypt cost for new key files; tests lower it (monkeypatch) to stay fast.
scrypt_n = ident.SCRYPT_N
MIN_PASSPHRASE = 8
# zxcvbn's score (0–4) estimates the guesses an attacker needs.  3 means about 10^8
# ("safely unguessable: moderate protection from an offline slow-hash attack"): the
# key file is exactly that, an scrypt-protected file a thief can try offline.
MIN_STRENGTH = 3
# zxcvbn's work grows fast with the length; a longer tail only adds strength.
_STRENGTH_CHARS = 100
_X509_NAME_BYTES = 64


def exists(ctx: DeskContext) -> bool:
    return (ctx.paths.keys / ident.KEY_FILE).exists()


def _no_identity() -> UserError:
    return UserError(Msg(
        "本台账还没有签名密钥。请先运行 rectdesk key create 建立密钥。",
        "This desk has no signing key yet. Run rectdesk key create first.",
    ))


def check_new_passphrase(passphrase: str, ctx: DeskContext | None = None) -> None:
    """Refuse a passphrase that is short, easy to guess (zxcvbn, with the desk's own
    code and name as words an attacker would try first) or the published demo one
    outside a demo desk.  zxcvbn's own advice is English: ours is the clerk's."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(Msg(
            f"口令太短，至少需要 {MIN_PASSPHRASE} 个字符。",
            f"The passphrase is too short: at least {MIN_PASSPHRASE} characters.",
        ))
    if passphrase.strip().casefold() == DEMO_PASSPHRASE:
        if ctx is not None and ctx.demo:
            return  # practice desks keep the documented passphrase
        raise UserError(Msg(
            f"“{DEMO_PASSPHRASE}”是公开的演示口令，只能用于演示台账。请另设一个只有本单位知道的口令。",
            f"“{DEMO_PASSPHRASE}” is the published demo passphrase, for demo desks only. "
            "Choose one only your office knows.",
        ))
    from zxcvbn import zxcvbn  # loaded only when a passphrase is set

    hints = ["rectdesk", "整改", "整改办", "整改台账", "督察", "口令", "密码"]
    if ctx is not None:
        hints += [ctx.code, ctx.name, ctx.name.replace("（演示数据）", "")]
    score = zxcvbn(passphrase[:_STRENGTH_CHARS], user_inputs=hints)["score"]
    if score < MIN_STRENGTH:
        raise UserError(Msg(
            f"口令太容易被猜中（强度 {score}/4，至少需要 {MIN_STRENGTH}）。建议：写得更长，"
            "用三四个不常连在一起的词语或拼音，中间加上符号或数字；"
            "不要用日期、电话号码、单位名称或代码、常见词语，也不要用键盘上连着的字母或数字。",
            f"The passphrase is too easy to guess (strength {score}/4, at least "
            f"{MIN_STRENGTH} needed). Make it longer: three or four words that do not "
            "usually go together, with a symbol or digit between them; not a date, a phone "
            "number, the unit's name or code, a common word, or a row of keys.",
        ))


def certificate_name(name: str) -> str:
    """The desk name as it fits an X.509 name: at most 64 UTF-8 bytes (cryptography
    counts bytes; a Chinese character takes three). The demo mark goes first."""
    if len(name.encode("utf-8")) > _X509_NAME_BYTES:
        name = name.replace("（演示数据）", "")
    while len(name.encode("utf-8")) > _X509_NAME_BYTES:
        name = name[:-1]
    return name


def create(ctx: DeskContext, passphrase: str, *, check_strength: bool = True) -> ident.Identity:
    """Make this desk's identity; refuses to overwrite an existing one."""
    check_absent(ctx)
    if check_strength:
        check_new_passphrase(passphrase, ctx)
    identity = ident.create_identity(ctx.code, certificate_name(ctx.name), passphrase)
    private_dir(ctx.paths.keys)
    ident.save(identity, ctx.paths.keys, passphrase, _scrypt_n=scrypt_n)
    ctx.ledger.run(lambda s: audit.log_event(
        s, "trusted_key", ctx.code, "identity_created",
        {"key_id": identity.key_id_hex, "fingerprint": identity.fingerprint}))
    return identity


def check_absent(ctx: DeskContext) -> None:
    if exists(ctx):
        raise UserError(Msg(
            f"本台账已有签名密钥（{ctx.paths.keys}），未做改动。更换密钥须先移走旧密钥文件，"
            "并请市级重新登记。",
            f"This desk already has a signing key ({ctx.paths.keys}); nothing was changed.",
        ))


def create_demo_identity(ctx: DeskContext) -> ident.Identity:
    """The identity of a demo desk, under ``RECTDESK_PASSPHRASE`` or the demo passphrase."""
    return create(ctx, os.environ.get(ENV_PASSPHRASE) or DEMO_PASSPHRASE, check_strength=False)


def load(ctx: DeskContext, passphrase: str) -> ident.Identity:
    if not exists(ctx):
        raise _no_identity()
    try:
        identity = ident.load(ctx.paths.keys, passphrase)
    except ident.PassphraseError:
        raise UserError(Msg("口令不正确（或密钥文件已被改动）。",
                            "Wrong passphrase (or the key file was altered).")) from None
    except ident.IdentityError as e:
        raise UserError(Msg(f"密钥文件已损坏：{e}", f"The key files are damaged: {e}")) from e
    if identity.desk_code != ctx.code:
        raise UserError(Msg(
            f"密钥属于“{identity.desk_code}”，不是本台账（{ctx.code}）的密钥。",
            f"The key belongs to “{identity.desk_code}”, not to this desk ({ctx.code}).",
        ))
    return identity


def _public_document(ctx: DeskContext) -> dict[str, Any]:
    path = ctx.paths.keys / ident.PUBLIC_FILE
    if not path.exists():
        raise _no_identity()
    try:
        doc = json.loads(path.read_text("utf-8"))
        raw = base64.b64decode(doc["ed25519_public"], validate=True)
        minisign.key_id_from_hex(doc["key_id"])
    except (OSError, ValueError, KeyError, TypeError, binascii.Error) as e:
        raise UserError(Msg(f"公钥文件已损坏：{e}", f"The public key file is damaged: {e}")) from e
    if len(raw) != 32:
        raise UserError(Msg("公钥文件已损坏。", "The public key file is damaged."))
    doc["_raw"] = raw
    return doc


def public_info(ctx: DeskContext) -> dict[str, Any]:
    """Public parts, readable without the passphrase."""
    doc = _public_document(ctx)
    return {
        "desk_code": doc["desk_code"],
        "desk_name": doc["desk_name"],
        "key_id": doc["key_id"],
        "fingerprint": ident.fingerprint(doc["_raw"]),
        "created": doc.get("created", ""),
        "public_key": doc["ed25519_public"],
    }


def export(ctx: DeskContext, out_dir: Path) -> list[Path]:
    """Write ``<code>.enrol.json`` and the minisign ``<code>.pub``. Only public parts
    are needed, so no passphrase is asked for."""
    doc = _public_document(ctx)
    enrolment = {
        "format": ident.ENROLMENT_FORMAT,
        "desk_code": doc["desk_code"],
        "desk_name": doc["desk_name"],
        "key_id": doc["key_id"],
        "ed25519_public": doc["ed25519_public"],
        "certificate": doc["certificate"],
        "fingerprint": ident.fingerprint(doc["_raw"]),
    }
    code = ctx.code
    comment = f"minisign public key {doc['key_id']} ({code})"
    pub_text = minisign.public_key_file(doc["_raw"], minisign.key_id_from_hex(doc["key_id"]),
                                        comment)
    paths = [out_dir / f"{code}.enrol.json", out_dir / f"{code}.pub"]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(paths[0], (json.dumps(enrolment, ensure_ascii=False, sort_keys=True,
                                                 indent=2) + "\n").encode("utf-8"))
        atomic_write_bytes(paths[1], pub_text.encode("utf-8"))
    except OSError as e:
        raise UserError(Msg(f"无法写入“{out_dir}”：{e.strerror}。",
                            f"Cannot write to “{out_dir}”: {e.strerror}.")) from e
    return paths


def change_passphrase(ctx: DeskContext, old: str, new: str) -> None:
    load(ctx, old)  # the clerk's message for a wrong old passphrase
    check_new_passphrase(new, ctx)
    ident.change_passphrase(ctx.paths.keys, old, new, _scrypt_n=scrypt_n)
    ctx.ledger.run(lambda s: audit.log_event(s, "trusted_key", ctx.code, "passphrase_changed",
                                             None))
