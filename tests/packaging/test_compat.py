"""The Linux package for older systems (issue 14: UOS 20, Kylin V10): the glibc floor
check, the .deb's Depends, the pinned wheels, and the window launcher's choice of input
method when fcitx types Chinese."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build = _load("rectdesk_build", ROOT / "packaging" / "build.py")
im_choice = _load("im_choice", ROOT / "packaging" / "im_choice.py")


# --- glibc floor ---------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("objdump") is None or not sys.platform.startswith("linux"),
                    reason="needs objdump on Linux")
def test_glibc_check_prints_the_newest_version_and_fails_above_the_limit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    shutil.copy("/bin/true", folder / "sub" / "prog")
    (folder / "notes.txt").write_text("not an ELF file")
    needs = build.glibc_needs(folder)
    assert list(needs) == [folder / "sub" / "prog"]
    newest = needs[folder / "sub" / "prog"]
    assert newest >= (2, 2)

    assert build.check_glibc(folder, limit=(99, 0)) == 0
    assert f"newest glibc needed {newest[0]}.{newest[1]} (limit 99.0)" in capsys.readouterr().out
    assert build.check_glibc(folder, limit=(2, 1)) == 1
    assert "sub/prog" in capsys.readouterr().err


def test_glibc_limit_is_uos20s() -> None:
    assert build.GLIBC_LIMIT == (2, 28)


# --- the .deb's Depends --------------------------------------------------------------

def test_depends_name_packages_debian_10_and_11_have() -> None:
    names = [alt.split()[0] for d in build.DEPENDS for alt in d.split("|")]
    # Not in Debian 10 (UOS 20's base): the folder carries these libraries instead.
    assert "libxcb-cursor0" not in names and "libxcb-util1" not in names
    # libgcc-s1 is Debian 11's name; Debian 10 calls it libgcc1.
    assert "libgcc-s1 | libgcc1" in build.DEPENDS
    spec = (ROOT / "packaging" / "rectdesk.spec").read_text(encoding="utf-8")
    assert '"libxcb-cursor.so", "libxcb-util.so"' in spec


# --- pinned wheels ---------------------------------------------------------------------

def test_frozen_requirements_pin_a_manylinux_2_28_qt_with_hashes() -> None:
    lock = (ROOT / "packaging" / "requirements-frozen.txt").read_text(encoding="utf-8")
    pins = [line.split(" ")[0] for line in lock.splitlines() if "==" in line]
    hashes = [line for line in lock.splitlines() if "--hash=sha256:" in line]
    assert len(pins) == len(hashes) > 20
    for qt in ("pyside6-essentials==6.9.3", "pyside6-addons==6.9.3", "shiboken6==6.9.3"):
        assert qt in pins
    assert "manylinux_2_28" in " ".join(build.TARGET)


# --- input method ----------------------------------------------------------------------

def _proc(tmp_path: Path, *names: str) -> Path:
    proc = tmp_path / "proc"
    proc.mkdir(parents=True)
    (proc / "self").mkdir()
    for pid, name in enumerate(names, start=100):
        (proc / str(pid)).mkdir()
        (proc / str(pid) / "comm").write_text(name + "\n")
    return proc


def _plugins(tmp_path: Path, *names: str) -> Path:
    d = tmp_path / "platforminputcontexts"
    d.mkdir()
    for name in names:
        (d / f"lib{name}platforminputcontextplugin.so").write_bytes(b"")
    return d


def test_running_fcitx_tells_fcitx5_from_fcitx4(tmp_path: Path) -> None:
    assert im_choice.running_fcitx(_proc(tmp_path / "a", "bash", "fcitx5")) == "fcitx5"
    assert im_choice.running_fcitx(_proc(tmp_path / "b", "fcitx", "Xorg")) == "fcitx"
    assert im_choice.running_fcitx(_proc(tmp_path / "c", "ibus-daemon")) is None
    assert im_choice.running_fcitx(tmp_path / "missing") is None


def test_plugins_present_reads_the_bundled_folder(tmp_path: Path) -> None:
    assert im_choice.plugins_present(_plugins(tmp_path, "ibus", "compose")) == {
        "ibus", "compose"}
    assert im_choice.plugins_present(tmp_path / "none") == set()


@pytest.mark.parametrize(("env", "daemon", "expected"), [
    # fcitx 5 asked for and running: its ibus frontend answers.
    ({"QT_IM_MODULE": "fcitx"}, "fcitx5", "ibus"),
    ({"QT_IM_MODULE": "fcitx5"}, "fcitx5", "ibus"),
    ({"QT_IM_MODULE": "fcitx5"}, None, "ibus"),
    # Nothing asked, but the session is fcitx 5's (XMODIFIERS, GTK) or it simply runs.
    ({"XMODIFIERS": "@im=fcitx"}, "fcitx5", "ibus"),
    ({"GTK_IM_MODULE": "fcitx"}, "fcitx5", "ibus"),
    ({}, "fcitx5", "ibus"),
    # fcitx 4 (Kylin V10): nothing in the folder can reach it; leave the session alone.
    ({"QT_IM_MODULE": "fcitx"}, "fcitx", None),
    ({"QT_IM_MODULE": "fcitx"}, None, None),
    # Other input methods are not touched.
    ({"QT_IM_MODULE": "ibus"}, None, None),
    ({"QT_IM_MODULE": "ibus"}, "fcitx5", None),
    ({}, None, None),
])
def test_choice_of_input_module(env: dict[str, str], daemon: str | None,
                                expected: str | None) -> None:
    module, why = im_choice.choose(env, {"ibus", "compose"}, daemon)
    assert module == expected, why
    assert why


def test_fcitx4_choice_says_what_is_needed() -> None:
    module, why = im_choice.choose({"QT_IM_MODULE": "fcitx"}, {"ibus", "compose"}, "fcitx")
    assert module is None and "fcitx 4" in why and "fcitx 5" in why


def test_a_bundled_fcitx_plugin_is_used_as_asked() -> None:
    assert im_choice.choose({"QT_IM_MODULE": "fcitx5"}, {"fcitx5", "ibus"}, "fcitx5")[0] is None


def test_without_an_ibus_plugin_nothing_is_changed() -> None:
    assert im_choice.choose({"QT_IM_MODULE": "fcitx5"}, {"compose"}, "fcitx5")[0] is None


def test_apply_sets_the_environment_and_honours_the_escape_hatch(tmp_path: Path) -> None:
    plugins = _plugins(tmp_path, "ibus", "compose")
    proc = _proc(tmp_path, "fcitx5")
    env = {"QT_IM_MODULE": "fcitx"}
    im_choice.apply(env, plugins, proc)
    assert env["QT_IM_MODULE"] == "ibus"
    kept = {"QT_IM_MODULE": "fcitx", "RECTDESK_KEEP_IM": "1"}
    im_choice.apply(kept, plugins, proc)
    assert kept["QT_IM_MODULE"] == "fcitx"
