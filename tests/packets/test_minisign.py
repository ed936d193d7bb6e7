"""Minisign-format signatures: our own round trip, and the stock tool as an independent
judge (``minisign -Vm``), in both directions."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.signing import minisign
from desktop.signing.minisign import SignatureError

DATA = "报送包清单 manifest\n".encode() * 50
TRUSTED = "rectdesk 130602 2024-05 seq 7 报送"
UNTRUSTED = "signature from rectdesk 130602"


@pytest.fixture
def key() -> tuple[Ed25519PrivateKey, bytes, bytes]:
    private = Ed25519PrivateKey.generate()
    return private, private.public_key().public_bytes_raw(), minisign.new_key_id()


def need_minisign() -> str:
    tool = shutil.which("minisign")
    if tool is None:
        pytest.skip("the minisign program is not installed")
    return tool


def test_round_trip_returns_trusted_comment(key: tuple[Ed25519PrivateKey, bytes, bytes]) -> None:
    private, public, key_id = key
    text = minisign.sign(DATA, private, key_id, TRUSTED, UNTRUSTED)
    lines = text.split("\n")
    assert lines[0] == f"untrusted comment: {UNTRUSTED}"
    assert lines[2] == f"trusted comment: {TRUSTED}"
    assert base64.b64decode(lines[1])[:10] == b"ED" + key_id
    assert text.endswith("\n") and len(text.splitlines()) == 4
    assert minisign.verify(DATA, text, public, key_id) == TRUSTED
    # Windows line endings on a signature that travelled by mail still verify.
    assert minisign.verify(DATA, text.replace("\n", "\r\n"), public, key_id) == TRUSTED


def test_changed_byte_is_a_bad_signature(key: tuple[Ed25519PrivateKey, bytes, bytes]) -> None:
    private, public, key_id = key
    text = minisign.sign(DATA, private, key_id, TRUSTED, UNTRUSTED)
    changed = bytearray(DATA)
    changed[100] ^= 1
    with pytest.raises(SignatureError) as caught:
        minisign.verify(bytes(changed), text, public, key_id)
    assert caught.value.reason == "bad_signature"


def test_changed_trusted_comment_is_a_bad_global_signature(
    key: tuple[Ed25519PrivateKey, bytes, bytes],
) -> None:
    private, public, key_id = key
    text = minisign.sign(DATA, private, key_id, TRUSTED, UNTRUSTED)
    forged = text.replace("seq 7", "seq 8")
    with pytest.raises(SignatureError) as caught:
        minisign.verify(DATA, forged, public, key_id)
    assert caught.value.reason == "bad_global_signature"
    # The untrusted comment is, as its name says, not protected.
    relabelled = text.replace(UNTRUSTED, "anything")
    assert minisign.verify(DATA, relabelled, public, key_id) == TRUSTED


def test_other_key_is_reported(key: tuple[Ed25519PrivateKey, bytes, bytes]) -> None:
    private, _public, key_id = key
    text = minisign.sign(DATA, private, key_id, TRUSTED, UNTRUSTED)
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    other_id = bytes(8)
    with pytest.raises(SignatureError, match="signed by another key") as caught:
        minisign.verify(DATA, text, other, other_id)
    assert caught.value.reason == "wrong_key"
    # Same key id but a different key: the signature itself fails.
    with pytest.raises(SignatureError) as caught:
        minisign.verify(DATA, text, other, key_id)
    assert caught.value.reason == "bad_signature"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: "",
        lambda t: "\n".join(t.split("\n")[:3]),
        lambda t: t.replace("untrusted comment: ", "comment: ", 1),
        lambda t: t.replace("\ntrusted comment: ", "\ntrusted: ", 1),
        lambda t: t.split("\n")[0] + "\n!!!!\n" + "\n".join(t.split("\n")[2:]),
        lambda t: t.split("\n")[0] + "\nRUQ=\n" + "\n".join(t.split("\n")[2:]),
        lambda t: t + "extra line\n",
    ],
    ids=["empty", "three-lines", "no-untrusted", "no-trusted", "bad-base64", "short", "extra"],
)
def test_malformed_signature_files(
    key: tuple[Ed25519PrivateKey, bytes, bytes], mangle: object
) -> None:
    private, public, key_id = key
    text = minisign.sign(DATA, private, key_id, TRUSTED, UNTRUSTED)
    with pytest.raises(SignatureError) as caught:
        minisign.verify(DATA, mangle(text), public, key_id)  # type: ignore[operator]
    assert caught.value.reason == "malformed"


def test_legacy_algorithm_refused(key: tuple[Ed25519PrivateKey, bytes, bytes]) -> None:
    private, public, key_id = key
    lines = minisign.sign(DATA, private, key_id, TRUSTED, UNTRUSTED).split("\n")
    blob = base64.b64decode(lines[1])
    lines[1] = base64.b64encode(b"Ed" + blob[2:]).decode()
    with pytest.raises(SignatureError) as caught:
        minisign.verify(DATA, "\n".join(lines), public, key_id)
    assert caught.value.reason == "unsupported_algorithm"


def test_comments_must_be_one_line(key: tuple[Ed25519PrivateKey, bytes, bytes]) -> None:
    private, _public, key_id = key
    with pytest.raises(ValueError):
        minisign.sign(DATA, private, key_id, "a\nuntrusted comment: b", UNTRUSTED)
    with pytest.raises(ValueError):
        minisign.sign(DATA, private, key_id, TRUSTED, "a\rb")
    with pytest.raises(ValueError):
        minisign.sign(DATA, private, key_id, "x" * 9000, UNTRUSTED)


def test_key_id_printed_like_minisign() -> None:
    key_id = bytes([0x26, 0x0F, 0x64, 0xC3, 0x45, 0xEF, 0x3B, 0x16])
    assert minisign.key_id_hex(key_id) == "163BEF45C3640F26"
    assert minisign.key_id_from_hex("163bef45c3640f26") == key_id
    fresh = minisign.new_key_id()
    assert len(fresh) == 8
    assert minisign.key_id_from_hex(minisign.key_id_hex(fresh)) == fresh


def test_public_key_file_round_trip(key: tuple[Ed25519PrivateKey, bytes, bytes]) -> None:
    _private, public, key_id = key
    text = minisign.public_key_file(public, key_id, "minisign public key 1234")
    assert text.startswith("untrusted comment: minisign public key 1234\n")
    assert minisign.parse_public_key_file(text) == (key_id, public)
    # The bare base64 line, as given to ``minisign -P``, is accepted too.
    assert minisign.parse_public_key_file(text.split("\n")[1]) == (key_id, public)
    with pytest.raises(SignatureError):
        minisign.parse_public_key_file("untrusted comment: x\nnot base64!\n")


# --- the stock tool ----------------------------------------------------------------------


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.tools
def test_minisign_tool_verifies_our_signature(
    tmp_path: Path, key: tuple[Ed25519PrivateKey, bytes, bytes]
) -> None:
    tool = need_minisign()
    private, public, key_id = key
    packet = tmp_path / "manifest.json"
    packet.write_bytes(DATA)
    (tmp_path / "manifest.json.minisig").write_text(
        minisign.sign(DATA, private, key_id, TRUSTED, UNTRUSTED), encoding="utf-8"
    )
    comment = f"minisign public key {minisign.key_id_hex(key_id)}"
    (tmp_path / "desk.pub").write_text(
        minisign.public_key_file(public, key_id, comment), encoding="utf-8"
    )

    good = run(tool, "-Vm", str(packet), "-p", str(tmp_path / "desk.pub"), cwd=tmp_path)
    print(good.stdout, good.stderr)
    assert good.returncode == 0, good.stderr
    assert "Signature and comment signature verified" in good.stdout
    assert f"Trusted comment: {TRUSTED}" in good.stdout

    changed = bytearray(DATA)
    changed[0] ^= 0x20
    packet.write_bytes(bytes(changed))
    bad = run(tool, "-Vm", str(packet), "-p", str(tmp_path / "desk.pub"), cwd=tmp_path)
    print(bad.stdout, bad.stderr)
    assert bad.returncode != 0
    assert "Trusted comment" not in bad.stdout
    with pytest.raises(SignatureError):
        minisign.verify(
            bytes(changed), (tmp_path / "manifest.json.minisig").read_text(), public, key_id
        )


@pytest.mark.tools
def test_same_bytes_as_minisign_for_the_same_key(tmp_path: Path) -> None:
    """A key made by ``minisign -G``: we read its key id like minisign prints it, accept
    its signatures, and produce a byte-identical .minisig (Ed25519 is deterministic)."""
    tool = need_minisign()
    made = run(tool, "-G", "-W", "-p", "k.pub", "-s", "k.sec", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    pub_text = (tmp_path / "k.pub").read_text()
    key_id, public = minisign.parse_public_key_file(pub_text)
    # minisign prints the id without leading zeros; compare the numbers.
    printed = pub_text.splitlines()[0].removeprefix("untrusted comment: minisign public key ")
    assert int(printed, 16) == int(minisign.key_id_hex(key_id), 16)

    # Unencrypted secret key: "Ed" kdf[2] "B2" salt[32] ops[8] mem[8] keyid[8] sk[64] chk[32]
    secret = base64.b64decode((tmp_path / "k.sec").read_text().splitlines()[1])
    assert len(secret) == 158 and secret[:2] == b"Ed" and secret[2:4] == b"\0\0"
    assert secret[54:62] == key_id
    private = Ed25519PrivateKey.from_private_bytes(secret[62:94])
    assert private.public_key().public_bytes_raw() == public

    (tmp_path / "data.bin").write_bytes(DATA)
    signed = run(
        tool, "-S", "-s", "k.sec", "-m", "data.bin", "-t", TRUSTED, "-c", UNTRUSTED, cwd=tmp_path
    )
    assert signed.returncode == 0, signed.stderr
    theirs = (tmp_path / "data.bin.minisig").read_text(encoding="utf-8")
    assert minisign.verify(DATA, theirs, public, key_id) == TRUSTED
    assert minisign.sign(DATA, private, key_id, TRUSTED, UNTRUSTED) == theirs
