"""Build the program for an office PC: ``python packaging/build.py [--deb]``.

Runs PyInstaller on ``packaging/rectdesk.spec`` and writes ``dist/rectdesk/`` with two
programs, ``rectdesk`` (the window) and ``rectdesk-cli`` (the console); with ``--deb``
also ``dist/rectdesk_VERSION_amd64.deb`` (Linux only).  Prints the folder's size and
the time taken.

On Linux the folder is built with an interpreter made for glibc 2.28
(``packaging/linux/build-python.sh``, cached outside the repository) in a venv of the
wheels pinned in ``packaging/requirements-frozen.txt`` (manylinux_2_28, PySide6 6.9.3),
so that it runs on UOS 20 (glibc 2.28) and Kylin V10 (2.31), not only on Debian 12; the
build fails if any file in the folder needs a newer glibc.  ``--host-python`` freezes
with the running interpreter instead (needs ``pip install -e '.[gui,build]'``; the
result then needs the build machine's glibc).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
FOLDER = DIST / "rectdesk"
LIMIT_MB = 180  # issue 14: the folder must stay under this
GLIBC_LIMIT = (2, 28)  # UOS 20; Kylin V10 SP1 has 2.31
CACHE = Path(os.environ.get("RECTDESK_BUILD_CACHE") or Path.home() / ".cache" / "rectdesk-build")
LOCK = ROOT / "packaging" / "requirements-frozen.txt"
# pip download for the target, not for this machine: glibc 2.28 and older wheels only.
TARGET = ["--python-version", "3.11", "--implementation", "cp", "--abi", "cp311",
          "--abi", "abi3", "--abi", "none", "--only-binary=:all:"] + [
    a for tag in ("manylinux_2_28", "manylinux_2_27", "manylinux_2_24", "manylinux_2_17",
                  "manylinux2014", "manylinux2010", "manylinux1")
    for a in ("--platform", f"{tag}_x86_64")]

# What the .deb depends on: libraries that Debian 12, UOS 20/V23 and Kylin V10 all
# ship, and nothing the folder carries itself.  check_depends() proves at build time
# that every library the folder needs from the system comes from one of these.  Each
# name exists in Debian 11 (checked against bullseye's Packages; packaging/linux/
# smoke-bullseye.sh installs them) and, with the alternatives below, in Debian 10, UOS
# 20's base: libgcc-s1 was libgcc1 there, and libxcb-cursor0 / libxcb-util1 did not
# exist (the folder carries those two libraries instead).
DEPENDS = [
    "libc6 (>= 2.28)", "libstdc++6", "libgcc-s1 | libgcc1", "zlib1g", "libglib2.0-0",
    "libfontconfig1", "libfreetype6", "libdbus-1-3", "libegl1", "libgl1", "libopengl0",
    "libxkbcommon0", "libxkbcommon-x11-0", "libx11-6", "libx11-xcb1", "libxcb1",
    "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-randr0", "libxcb-render-util0", "libxcb-render0", "libxcb-shape0",
    "libxcb-shm0", "libxcb-sync1", "libxcb-xfixes0", "libxcb-xinput0",
    "libxcb-xkb1", "libxcb-glx0", "libwayland-client0", "libwayland-cursor0", "libcups2",
    "libgssapi-krb5-2",
]
# Packages whose libraries the bootloader or Python's own modules may also pull in.
ALSO_FROM = {"libc6", "libstdc++6", "libgcc-s1", "zlib1g", "libzstd1", "libpcre2-8-0",
             "libffi8", "libexpat1", "libbz2-1.0", "liblzma5", "libuuid1", "libbrotli1",
             "libpng16-16", "libxau6", "libxdmcp6", "libxext6", "libxrender1", "libbsd0",
             "libmd0", "libselinux1", "libmount1", "libblkid1", "libsystemd0", "libcap2",
             "libgcrypt20", "libgpg-error0", "liblz4-1"}


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def size_mb(path: Path) -> float:
    total = sum(p.lstat().st_size for p in path.rglob("*") if not p.is_symlink())
    return total / 1024 / 1024


def freeze() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("PyInstaller is missing: pip install -e '.[gui,build]'")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level=WARN",
         "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
         str(ROOT / "packaging" / "rectdesk.spec")],
        cwd=ROOT, check=True,
    )
    for name in ("rectdesk", "rectdesk-cli"):
        exe = FOLDER / (name + (".exe" if sys.platform == "win32" else ""))
        if not exe.exists():
            sys.exit(f"the build has no {exe.name}")


def elf_needed(folder: Path) -> tuple[set[str], set[str]]:
    """(libraries the folder's ELF files need, libraries the folder carries)."""
    needed: set[str] = set()
    carried: set[str] = set()
    for p in folder.rglob("*"):
        if not p.is_file() or p.is_symlink():
            continue
        with p.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        carried.add(p.name)
        out = subprocess.run(["objdump", "-p", str(p)], capture_output=True, text=True).stdout
        needed.update(re.findall(r"^\s+NEEDED\s+(\S+)", out, re.M))
    return needed, carried


def check_depends(folder: Path) -> None:
    """Every system library the folder needs must come from a package in DEPENDS."""
    needed, carried = elf_needed(folder)
    allowed = {d.split()[0] for d in DEPENDS} | ALSO_FROM
    missing = []
    for lib in sorted(needed - carried):
        found = subprocess.run(["dpkg", "-S", f"*/{lib}"], capture_output=True, text=True)
        owners = {line.split(":")[0] for line in found.stdout.splitlines() if line}
        if not owners:
            missing.append(f"{lib} (no package on this machine has it)")
        elif not owners & allowed:
            missing.append(f"{lib} (from {', '.join(sorted(owners))})")
    if missing:
        sys.exit("the .deb would not declare these libraries:\n  " + "\n  ".join(missing))


def glibc_needs(folder: Path) -> dict[Path, tuple[int, int]]:
    """Each ELF file's newest GLIBC_x.y symbol version (the oldest libc that loads it)."""
    needs: dict[Path, tuple[int, int]] = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.is_symlink():
            continue
        with p.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        out = subprocess.run(["objdump", "-T", str(p)], capture_output=True,
                             text=True).stdout
        versions = [(int(a), int(b)) for a, b in re.findall(r"GLIBC_(\d+)\.(\d+)", out)]
        needs[p] = max(versions, default=(2, 2))
    return needs


def glibc_floor(folder: Path) -> str:
    """The newest GLIBC_x.y symbol version any file needs, as "2.28"."""
    best = max(glibc_needs(folder).values(), default=(2, 17))
    return f"{best[0]}.{best[1]}"


def check_glibc(folder: Path, limit: tuple[int, int] = GLIBC_LIMIT) -> int:
    """Print the newest glibc the folder needs; 1 (and the files) if above ``limit``."""
    needs = glibc_needs(folder)
    best = max(needs.values(), default=(2, 17))
    print(f"{folder}: {len(needs)} ELF files, newest glibc needed {best[0]}.{best[1]} "
          f"(limit {limit[0]}.{limit[1]})")
    over = {p: v for p, v in needs.items() if v > limit}
    for p, v in over.items():
        print(f"  needs glibc {v[0]}.{v[1]}: {p.relative_to(folder)}", file=sys.stderr)
    return 1 if over else 0


def write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def build_deb() -> Path:
    ver = version()
    check_depends(FOLDER)
    floor = glibc_floor(FOLDER)
    depends = [f"libc6 (>= {floor})" if d.startswith("libc6") else d for d in DEPENDS]
    linux = ROOT / "packaging" / "linux"
    with tempfile.TemporaryDirectory(prefix="rectdesk-deb-") as tmp:
        root = Path(tmp) / "pkg"
        shutil.copytree(FOLDER, root / "opt" / "rectdesk", symlinks=True)
        # Wrappers rather than symlinks: the launcher then always finds its folder.
        # (The window's launcher chooses the input method itself: packaging/im_choice.py.)
        for name in ("rectdesk", "rectdesk-cli"):
            write(root / "usr" / "bin" / name,
                  f'#!/bin/sh\nexec /opt/rectdesk/{name} "$@"\n', 0o755)
        shutil.copy(linux / "rectdesk.desktop", _dir(root / "usr/share/applications"))
        shutil.copy(linux / "rectdesk-packet.xml",
                    _dir(root / "usr/share/mime/packages") / "rectdesk.xml")
        icons = ROOT / "packaging" / "icons"
        for px in (48, 256):
            shutil.copy(icons / f"rectdesk-{px}.png",
                        _dir(root / f"usr/share/icons/hicolor/{px}x{px}/apps") / "rectdesk.png")
        doc = _dir(root / "usr/share/doc/rectdesk")
        shutil.copy(linux / "copyright", doc / "copyright")
        installed_kb = int(sum(p.lstat().st_size for p in root.rglob("*")) / 1024)
        # No maintainer scripts at all: nothing runs as root on install or removal, so
        # nothing can touch a clerk's data folder (it lives in her home anyway).  The
        # desktop and MIME databases are refreshed by dpkg triggers of their own packages.
        write(root / "DEBIAN" / "control", "\n".join([
            "Package: rectdesk",
            f"Version: {ver}",
            "Architecture: amd64",
            "Section: misc",
            "Priority: optional",
            "Maintainer: Rectification Desk <rectdesk@localhost>",
            f"Installed-Size: {installed_kb}",
            f"Depends: {', '.join(depends)}",
            "Homepage: https://example.invalid/rectdesk",
            "Description: 整改台账 Rectification Desk",
            " Ledger, monthly reports and signed packets for environmental-inspection",
            " rectification work, for county and city offices.  The window is rectdesk,",
            " the command line rectdesk-cli.  The clerk's data stays in her home folder",
            " and is kept when the package is removed.",
            "",
        ]))
        for p in root.rglob("*"):  # predictable modes whatever the umask was
            if p.is_dir():
                p.chmod(0o755)
            elif not p.is_symlink() and p.parent.name != "DEBIAN":
                p.chmod(0o755 if p.stat().st_mode & stat.S_IXUSR else 0o644)
        out = DIST / f"rectdesk_{ver}_amd64.deb"
        subprocess.run(["dpkg-deb", "--build", "--root-owner-group", "-Zxz", str(root),
                        str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def frozen_env() -> Path:
    """The old-glibc interpreter's venv with the pinned wheels (made once, cached)."""
    python = subprocess.run(["bash", str(ROOT / "packaging" / "linux" / "build-python.sh")],
                            check=True, stdout=subprocess.PIPE, text=True).stdout.split()[-1]
    import hashlib

    key = hashlib.sha256(LOCK.read_bytes() + python.encode()).hexdigest()[:12]
    venv = CACHE / f"frozen-venv-{key}"
    if not (venv / ".complete").exists():
        wheels = CACHE / "wheels"
        # This machine's pip fetches (the old interpreter has no need to reach PyPI).
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--require-hashes",
                        "-r", str(LOCK), "-d", str(wheels), *TARGET], check=True)
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-index",
               "--find-links", str(wheels)]
        subprocess.run([*pip, "--require-hashes", "-r", str(LOCK)], check=True)
        (venv / ".complete").touch()
    # The program itself, fresh each build (its metadata goes into the folder).
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-index",
                    "--find-links", str(CACHE / "wheels"), "--no-deps", "--no-build-isolation",
                    "--force-reinstall", str(ROOT)], check=True)
    return venv / "bin" / "python"


def lock() -> int:
    """Write requirements-frozen.txt (pins and hashes) from requirements-frozen.in."""
    import hashlib

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "-d", tmp, *TARGET,
                        "-r", str(LOCK.with_suffix(".in"))], check=True)
        lines = []
        for whl in sorted(Path(tmp).glob("*.whl"), key=lambda p: p.name.lower()):
            name, ver = whl.name.split("-")[:2]
            digest = hashlib.sha256(whl.read_bytes()).hexdigest()
            lines.append(f"{name.replace('_', '-').lower()}=={ver} \\\n"
                         f"    --hash=sha256:{digest}")
    LOCK.write_text("# Generated by `python packaging/build.py --lock` from requirements-frozen"
                    ".in:\n# every wheel the Linux frozen build installs, for glibc 2.28.\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{LOCK.relative_to(ROOT)}: {len(lines)} wheels")
    return 0


def _dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--deb", action="store_true", help="also build the Debian package")
    ap.add_argument("--no-freeze", action="store_true",
                    help="reuse dist/rectdesk (only package it)")
    ap.add_argument("--host-python", action="store_true",
                    help="freeze with this interpreter (Linux: needs this glibc or newer)")
    ap.add_argument("--lock", action="store_true",
                    help="rewrite packaging/requirements-frozen.txt and stop")
    ap.add_argument("--check-glibc", metavar="FOLDER", type=Path,
                    help="only print the newest glibc FOLDER needs; fail above 2.28")
    args = ap.parse_args()
    if args.lock:
        return lock()
    if args.check_glibc:
        return check_glibc(args.check_glibc)
    started = time.monotonic()
    linux = sys.platform.startswith("linux")
    if not args.no_freeze:
        if linux and not args.host_python and "RECTDESK_FROZEN_ENV" not in os.environ:
            python = frozen_env()
            print(f"old-glibc interpreter and wheels ready ({time.monotonic() - started:.0f} s)")
            env = dict(os.environ, RECTDESK_FROZEN_ENV=str(python))
            subprocess.run([str(python), __file__, "--host-python"], env=env, check=True)
        else:
            freeze()
    if linux and not args.host_python and check_glibc(FOLDER):
        print("the folder would not start on UOS 20 (glibc 2.28)", file=sys.stderr)
        return 1
    mb = size_mb(FOLDER)
    print(f"dist/rectdesk: {mb:.1f} MB ({time.monotonic() - started:.0f} s)")
    if mb >= LIMIT_MB:
        print(f"the folder is over {LIMIT_MB} MB", file=sys.stderr)
        return 1
    if args.deb:
        deb = build_deb()
        print(f"{deb.relative_to(ROOT)}: {deb.stat().st_size / 1024 / 1024:.1f} MB "
              f"({time.monotonic() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
