"""The installer recipes say what issue 14 asks, checked as text (Inno Setup and
dpkg do not run here): per-user install, our own Chinese messages, the data folder
left alone, the packet association, the Linux menu entry."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"


def _sections(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", line)
        if m:
            current = m.group(1)
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(line)
    return out


def test_inno_script_per_user_with_our_messages_and_keeps_data() -> None:
    raw = (WINDOWS / "rectdesk.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, or the Chinese name breaks
    s = _sections(raw.decode("utf-8-sig"))
    setup = dict(line.split("=", 1) for line in s["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{localappdata}\\Programs\\")
    assert setup["ChangesAssociations"] == "yes"
    assert any('MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"' in line
               for line in s["Languages"])
    assert any("{group}" in line for line in s["Icons"])
    assert any("{userdesktop}" in line for line in s["Icons"])
    registry = "\n".join(s["Registry"])
    assert "Software\\Classes\\.rdpkt" in registry and '""%1""' in registry
    # Nothing the uninstaller deletes may reach outside the program folder.
    for line in s.get("UninstallDelete", []) + s.get("InstallDelete", []):
        assert re.search(r'Name: "\{app\}', line), line


def test_chinese_messages_file_is_ours_and_well_formed() -> None:
    raw = (WINDOWS / "ChineseSimplified.isl").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "our own work" in text and "GPL-3.0-or-later" in text  # the licence note
    s = _sections(text)
    lang = dict(line.split("=", 1) for line in s["LangOptions"])
    assert lang["LanguageID"] == "$0804" and lang["LanguageCodePage"] == "0"
    messages = dict(line.split("=", 1) for line in s["Messages"])
    for key in ("SetupAppTitle", "WelcomeLabel1", "WelcomeLabel2", "WizardSelectDir",
                "ButtonNext", "ButtonInstall", "ButtonFinish", "ButtonCancel",
                "WizardReady", "WizardInstalling", "FinishedLabel", "ConfirmUninstall",
                "UninstalledAll", "ExitSetupMessage", "SetupAppRunningError"):
        assert messages.get(key), key
    # Placeholders survive translation: every %1 of a message that needs one.
    assert "%1" in messages["SetupWindowTitle"] and "[name]" in messages["WelcomeLabel1"]
    assert "保留" in messages["ConfirmUninstall"]  # the data folder stays, said up front
    custom = dict(line.split("=", 1) for line in s["CustomMessages"])
    assert {"CreateDesktopIcon", "AdditionalIcons", "LaunchProgram",
            "UninstallProgram"} <= set(custom)


def test_linux_menu_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "packaging" / "linux" / "rectdesk.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Name[zh_CN]"] == "整改台账" and d["Icon"] == "rectdesk"
    assert d["Exec"] == "rectdesk %f" and "application/x-rectdesk-packet" in d["MimeType"]
    assert (ROOT / "packaging" / "icons" / "rectdesk-256.png").exists()
