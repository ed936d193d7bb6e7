"""Is a data folder on a network share?  SQLite's file locking is not dependable over
SMB/CIFS, NFS, sshfs and the like, so two PCs (or one PC with a dropped connection)
can damage the ledger; the program refuses such a folder and says why.

Linux: the folder's mount is looked up in /proc/self/mountinfo (the longest mount
point that contains it) and its file-system type compared with the network ones.
Windows: a UNC path (``\\\\server\\share``) or a drive letter whose type is
DRIVE_REMOTE (a mapped network drive).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

from desktop.i18n import Msg, UserError

# File-system types whose locking SQLite cannot rely on.
REMOTE_TYPES = frozenset({
    "cifs", "smb3", "smbfs", "smb2", "nfs", "nfs4", "ncpfs", "9p", "afs", "coda", "ceph",
    "glusterfs", "lustre", "gfs2", "ocfs2", "davfs", "ftpfs",
})
# FUSE file systems that reach another machine (the desktop's file manager mounts
# SMB shares through gvfs).
REMOTE_FUSE = ("sshfs", "gvfsd-fuse", "rclone", "s3fs", "davfs2", "glusterfs", "smbnetfs",
               "curlftpfs", "cifs", "nfs")
DRIVE_REMOTE = 4  # GetDriveTypeW
MOUNTINFO = Path("/proc/self/mountinfo")  # tests point this at a made-up text


def _unescape(field: str) -> str:
    # mountinfo writes space, tab, newline and backslash as \040, \011, \012, \134.
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mountinfo(text: str) -> list[tuple[str, str, str]]:
    """(mount point, file-system type, source) for each line of a mountinfo text."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        sep = fields.index("-")
        if sep < 5 or len(fields) < sep + 3:
            continue
        mounts.append((_unescape(fields[4]), fields[sep + 1], _unescape(fields[sep + 2])))
    return mounts


def _is_remote_type(fstype: str) -> bool:
    if fstype in REMOTE_TYPES:
        return True
    if fstype.startswith("fuse."):
        sub = fstype[5:]
        return any(sub.startswith(name) for name in REMOTE_FUSE)
    return False


def mount_of(path: str, mounts: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The mount that holds ``path`` (an absolute, resolved path): the longest mount
    point that is the path or one of its parents; the last one mounted wins a tie."""
    best: tuple[str, str, str] | None = None
    for mount in mounts:
        point = mount[0].rstrip("/") or "/"
        inside = path == point or path.startswith(point if point == "/" else point + "/")
        if inside and (best is None or len(point) >= len(best[0].rstrip("/") or "/")):
            best = mount
    return best


def _existing(path: Path) -> Path:
    """The folder itself, or its nearest existing parent when it is still to be made."""
    path = path.absolute()
    while not path.exists() and path.parent != path:
        path = path.parent
    return path.resolve()


def linux_share(path: Path, mountinfo: str | None = None) -> str | None:
    """The network file-system type holding ``path``, or None when it is local."""
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None  # no /proc (a container without it): nothing to go on
        where = str(_existing(path))
    else:  # a given text (tests): the path is taken as written
        where = str(path)
    mount = mount_of(where, parse_mountinfo(mountinfo))
    if mount is not None and _is_remote_type(mount[1]):
        return f"{mount[1]} {mount[2]}"
    return None


def windows_share(path: str, drive_type: int | None = None) -> str | None:
    """``\\\\server\\share`` paths and mapped network drives; ``drive_type`` for tests."""
    p = PureWindowsPath(path)
    if p.drive.startswith("\\\\") and not p.drive.startswith(("\\\\?\\", "\\\\.\\")):
        return p.drive
    if p.drive.upper().startswith("\\\\?\\UNC\\"):
        return p.drive
    if drive_type is None and sys.platform == "win32" and p.drive:
        import ctypes

        drive_type = ctypes.windll.kernel32.GetDriveTypeW(p.drive + "\\")  # type: ignore[attr-defined]
    if drive_type == DRIVE_REMOTE:
        return p.drive
    return None


def network_share(path: Path) -> str | None:
    """What kind of network share holds ``path`` on this system, or None."""
    if sys.platform == "win32":
        return windows_share(os.path.abspath(path))
    if sys.platform.startswith("linux"):
        return linux_share(path)
    return None


def refusal(home: Path, kind: str) -> UserError:
    return UserError(Msg(
        f"数据文件夹“{home}”在网络共享上（{kind}）。台账数据库放在网络共享上时，文件锁不可靠，"
        "两台电脑同时使用或网络中断都可能损坏台账。请把数据文件夹放在本机磁盘上；"
        "与市级或其他单位之间请用报送包交换数据。",
        f"The data folder “{home}” is on a network share ({kind}). File locking is not "
        "reliable there: two PCs at once, or a dropped connection, can damage the ledger. "
        "Keep the data folder on this PC's own disk, and exchange packets with the city "
        "and other offices instead.",
    ))


def refuse_network_share(home: Path) -> None:
    kind = network_share(home)
    if kind is not None:
        raise refusal(home, kind)
