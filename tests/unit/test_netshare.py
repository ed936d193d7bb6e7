"""A data folder on a network share is recognised (from a made-up mountinfo, or a
Windows path and drive type) and refused, with the reason and the advice, by the
command line and by the window."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop import netshare
from desktop.cli import main

MOUNTINFO = """\
22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
30 22 0:40 / /home rw,relatime shared:2 - ext4 /dev/vda2 rw
41 30 0:52 / /home/clerk/单位共享 rw,relatime shared:9 - cifs //fileserver/台账 rw,vers=3.1.1
42 30 0:53 / /home/clerk/nfs rw,relatime - nfs4 server:/export rw
43 30 0:54 / /home/clerk/ssh rw,nosuid - fuse.sshfs clerk@server:/data rw
44 30 0:55 / /run/user/1000/gvfs rw,nosuid - fuse.gvfsd-fuse gvfsd-fuse rw
45 30 0:56 / /home/clerk/my\\040share rw - smb3 //srv/x rw
46 41 0:57 / /home/clerk/单位共享/local rw - ext4 /dev/vdb1 rw
47 22 0:58 / /mnt/c rw - 9p drvfs rw
"""


def share(path: str) -> str | None:
    return netshare.linux_share(Path(path), MOUNTINFO)


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/clerk/单位共享/整改台账", "cifs"),
    ("/home/clerk/nfs/desk", "nfs4"),
    ("/home/clerk/ssh", "fuse.sshfs"),
    ("/run/user/1000/gvfs/smb-share:server=x,share=y/desk", "fuse.gvfsd-fuse"),
    ("/home/clerk/my share/desk", "smb3"),  # mountinfo writes the space as \040
    ("/mnt/c/Users/clerk", "9p"),  # WSL's Windows drives
])
def test_network_mounts_are_recognised(path: str, kind: str) -> None:
    found = share(path)
    assert found is not None and found.split()[0] == kind


@pytest.mark.parametrize("path", [
    "/home/clerk/整改台账", "/", "/home/clerk/单位共享/local/desk", "/home/clerk/nfsx",
])
def test_local_folders_pass(path: str) -> None:
    assert share(path) is None


def test_windows_paths() -> None:
    assert netshare.windows_share(r"\\fileserver\台账\desk", drive_type=3) == r"\\fileserver\台账"
    assert netshare.windows_share(r"Z:\整改台账", drive_type=netshare.DRIVE_REMOTE) == "Z:"
    assert netshare.windows_share(r"C:\Users\clerk\AppData", drive_type=3) is None


@pytest.fixture
def on_share(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A made-up mountinfo in which tmp_path/share is an SMB share."""
    share_dir = (tmp_path / "share").resolve()
    share_dir.mkdir()
    fake = tmp_path / "mountinfo"
    fake.write_text(f"22 1 253:1 / / rw - ext4 /dev/vda1 rw\n"
                    f"41 22 0:52 / {share_dir} rw - cifs //fileserver/desk rw\n",
                    encoding="utf-8")
    monkeypatch.setattr(netshare, "MOUNTINFO", fake)
    monkeypatch.setattr(netshare.sys, "platform", "linux")
    return share_dir


def test_command_line_refuses_a_share(on_share: Path, county_home: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    desk = on_share / "desk"
    shutil.copytree(county_home, desk)
    before = (desk / "ledger.sqlite3").read_bytes()
    for args in (["status"], ["backup"], ["tasks", "list"]):
        assert main(["--home", str(desk), *args]) == 1
        err = capsys.readouterr().err
        assert "网络共享" in err and "cifs" in err and "本机磁盘" in err and "报送包" in err
    assert (desk / "ledger.sqlite3").read_bytes() == before
    assert main(["--home", str(on_share / "new"), "demo"]) == 1
    assert not (on_share / "new").exists()
