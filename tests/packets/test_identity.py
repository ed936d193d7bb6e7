"""Desk identity: keys, certificate, encrypted storage and the public export."""

from __future__ import annotations

import base64
import inspect
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtensionOID, NameOID

from desktop.signing import identity as idm
from desktop.signing import minisign

FAST_N = 2**4  # scrypt cost for tests only; the real default is checked separately
PASS = "保定 竞秀 2024!"
CODE = "130602"
NAME = "保定市竞秀区生态环境整改办"


@pytest.fixture(scope="module")
def ident() -> idm.Identity:
    return idm.create_identity(CODE, NAME, PASS)


def private_raw(identity: idm.Identity) -> tuple[bytes, bytes]:
    return (
        identity.ed25519_private.private_bytes_raw(),
        identity.p256_private.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


def test_round_trip(tmp_path: Path, ident: idm.Identity) -> None:
    idm.save(ident, tmp_path, PASS, _scrypt_n=FAST_N)
    back = idm.load(tmp_path, PASS)
    assert (back.desk_code, back.desk_name, back.key_id) == (CODE, NAME, ident.key_id)
    assert private_raw(back) == private_raw(ident)
    assert back.ed25519_public_raw == ident.ed25519_public_raw
    assert back.cert == ident.cert
    assert back.created == ident.created
    # No temporary files left behind by the atomic writes.
    assert sorted(p.name for p in tmp_path.iterdir()) == [idm.KEY_FILE, idm.PUBLIC_FILE]
    public = json.loads((tmp_path / idm.PUBLIC_FILE).read_text(encoding="utf-8"))
    assert public["key_id"] == ident.key_id_hex
    assert public["desk_name"] == NAME
    assert base64.b64decode(public["ed25519_public"]) == ident.ed25519_public_raw


def test_key_file_layout_and_no_plain_secrets(tmp_path: Path, ident: idm.Identity) -> None:
    idm.save(ident, tmp_path, PASS, _scrypt_n=FAST_N)
    raw_file = (tmp_path / idm.KEY_FILE).read_bytes()
    document = json.loads(raw_file)
    assert document["format"] == "rectdesk-identity-1"
    assert document["kdf"]["name"] == "scrypt"
    assert (document["kdf"]["n"], document["kdf"]["r"], document["kdf"]["p"]) == (FAST_N, 8, 1)
    assert len(base64.b64decode(document["kdf"]["salt"])) == 16
    assert len(base64.b64decode(document["nonce"])) == 12
    ciphertext = base64.b64decode(document["ciphertext"])
    ed_raw, p256_der = private_raw(ident)
    for secret in (ed_raw, p256_der, p256_der[-32:]):
        assert secret not in raw_file
        assert secret not in ciphertext
        assert base64.b64encode(secret) not in raw_file
    assert PASS.encode() not in raw_file


def test_wrong_passphrase(tmp_path: Path, ident: idm.Identity) -> None:
    idm.save(ident, tmp_path, PASS, _scrypt_n=FAST_N)
    with pytest.raises(idm.PassphraseError):
        idm.load(tmp_path, PASS + " ")
    with pytest.raises(ValueError):
        idm.load(tmp_path, "")


def test_passphrase_in_other_unicode_form_is_the_same(tmp_path: Path) -> None:
    identity = idm.create_identity("D1", "测试", "café")
    idm.save(identity, tmp_path, "cafe\u0301", _scrypt_n=FAST_N)
    assert idm.load(tmp_path, "caf\u00e9").key_id == identity.key_id


def test_tampered_kdf_parameters_are_detected(tmp_path: Path, ident: idm.Identity) -> None:
    idm.save(ident, tmp_path, PASS, _scrypt_n=FAST_N)
    path = tmp_path / idm.KEY_FILE
    document = json.loads(path.read_text())
    document["kdf"]["n"] = FAST_N * 2
    path.write_text(json.dumps(document))
    # Authenticated as associated data: looks exactly like a wrong passphrase.
    with pytest.raises(idm.PassphraseError):
        idm.load(tmp_path, PASS)
    document["kdf"]["n"] = 2**30
    path.write_text(json.dumps(document))
    with pytest.raises(idm.IdentityError, match="scrypt"):
        idm.load(tmp_path, PASS)


def test_public_file_from_another_desk_is_refused(tmp_path: Path, ident: idm.Identity) -> None:
    other = idm.create_identity("130603", "另一个区", PASS)
    idm.save(ident, tmp_path / "a", PASS, _scrypt_n=FAST_N)
    idm.save(other, tmp_path / "b", PASS, _scrypt_n=FAST_N)
    shutil.copy(tmp_path / "b" / idm.PUBLIC_FILE, tmp_path / "a" / idm.PUBLIC_FILE)
    with pytest.raises(idm.IdentityError, match="do not belong together"):
        idm.load(tmp_path / "a", PASS)


def test_change_passphrase(tmp_path: Path, ident: idm.Identity) -> None:
    idm.save(ident, tmp_path, PASS, _scrypt_n=FAST_N)
    before = (tmp_path / idm.KEY_FILE).read_bytes()
    idm.change_passphrase(tmp_path, PASS, "新口令-2025", _scrypt_n=FAST_N)
    assert (tmp_path / idm.KEY_FILE).read_bytes() != before
    with pytest.raises(idm.PassphraseError):
        idm.load(tmp_path, PASS)
    assert private_raw(idm.load(tmp_path, "新口令-2025")) == private_raw(ident)
    with pytest.raises(idm.PassphraseError):
        idm.change_passphrase(tmp_path, "wrong", "x", _scrypt_n=FAST_N)


def test_default_cost_is_scrypt_2_17(tmp_path: Path, ident: idm.Identity) -> None:
    assert idm.SCRYPT_N == 2**17
    for function in (idm.save, idm.change_passphrase):
        assert inspect.signature(function).parameters["_scrypt_n"].default == 2**17
    idm.save(ident, tmp_path, PASS)  # the real cost, once (about a second)
    assert json.loads((tmp_path / idm.KEY_FILE).read_text())["kdf"]["n"] == 2**17
    assert idm.load(tmp_path, PASS).key_id == ident.key_id


def test_certificate(ident: idm.Identity) -> None:
    cert = ident.cert
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert isinstance(ident.p256_private.curve, ec.SECP256R1)
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == NAME
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == NAME
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == CODE
    assert cert.issuer == subject
    cert.verify_directly_issued_by(cert)
    usage = cert.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE)
    assert usage.critical
    assert usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and not constraints.value.ca
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert timedelta(days=3650) <= lifetime <= timedelta(days=3654)
    assert cert.not_valid_before_utc <= datetime.now(UTC) <= cert.not_valid_after_utc


def test_bad_desk_codes_and_names() -> None:
    for code in ("", "../x", "a/b", "a b", "x" * 40):
        with pytest.raises(ValueError):
            idm.create_identity(code, NAME, PASS)
    for name in ("", "   ", "x" * 65, "a\nb"):
        with pytest.raises(ValueError):
            idm.create_identity(CODE, name, PASS)
    with pytest.raises(ValueError):
        idm.create_identity(CODE, NAME, "")


def test_fingerprint_reads_well_and_normalises(ident: idm.Identity) -> None:
    text = idm.fingerprint(ident.ed25519_public_raw)
    groups = text.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert set(text.replace(" ", "")) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert ident.fingerprint == text
    compact = text.replace(" ", "")
    typed = [
        text,
        compact,
        compact.lower(),
        "-".join(groups).lower(),
        "  " + "  ".join(groups) + "\n",
        "".join(chr(ord(c) + 0xFEE0) for c in compact),  # full-width, from a Chinese IME
    ]
    for variant in typed:
        assert idm.normalise_fingerprint(variant) == compact
    other = idm.fingerprint(bytes(32))
    assert idm.normalise_fingerprint(other) != compact


def test_enrolment_and_export(tmp_path: Path, ident: idm.Identity) -> None:
    document = idm.enrolment_document(ident)
    assert document["format"] == "rectdesk-enrolment-1"
    assert document["desk_code"] == CODE and document["desk_name"] == NAME
    assert document["key_id"] == ident.key_id_hex
    assert document["fingerprint"] == ident.fingerprint
    assert base64.b64decode(document["ed25519_public"]) == ident.ed25519_public_raw
    assert x509.load_pem_x509_certificate(document["certificate"].encode()) == ident.cert
    assert not any("private" in key for key in document)

    paths = idm.export_public(ident, tmp_path)
    assert [p.name for p in paths] == [f"{CODE}.enrol.json", f"{CODE}.pub"]
    assert json.loads(paths[0].read_text(encoding="utf-8")) == document
    assert minisign.parse_public_key_file(paths[1].read_text()) == (
        ident.key_id,
        ident.ed25519_public_raw,
    )


@pytest.mark.tools
def test_exported_key_works_with_minisign(tmp_path: Path, ident: idm.Identity) -> None:
    tool = shutil.which("minisign")
    if tool is None:
        pytest.skip("the minisign program is not installed")
    pub_path = idm.export_public(ident, tmp_path)[1]
    data = b'{"kind":"county-report"}'
    (tmp_path / "m.json").write_bytes(data)
    signature = minisign.sign(data, ident.ed25519_private, ident.key_id, "报送 2024-05", "rectdesk")
    (tmp_path / "m.json.minisig").write_text(signature, encoding="utf-8")
    result = subprocess.run(
        [tool, "-Vm", str(tmp_path / "m.json"), "-p", str(pub_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Trusted comment: 报送 2024-05" in result.stdout
