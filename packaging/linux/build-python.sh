#!/usr/bin/env bash
# Build the CPython 3.11 that the Linux frozen folder is made with, for an OLD glibc.
#
# Why: the build machine is Debian 12 (glibc 2.36).  Everything PyInstaller copies from
# it (libpython, lib-dynload, libssl, libsqlite3, libffi …) then needs glibc 2.36, and
# UOS 20 (glibc 2.28) and Kylin V10 (glibc 2.31) refuse to start it.  `zig cc -target
# x86_64-linux-gnu.2.28` links against glibc 2.28's symbol versions, so an interpreter
# and its libraries built with it run on any glibc >= 2.28.
#
# Sources: Debian's own source packages (deb.debian.org, bookworm pool), checked by
# SHA-256.  zlib, bzip2, xz, libffi, SQLite and OpenSSL are built as static libraries
# and linked into Python's modules, so the folder carries no separate copies of them.
#
# Result: $RECTDESK_BUILD_CACHE/python-3.11-glibc2.28/bin/python3.11 (the cache is
# outside the repository; a second run finds it and returns at once).
#   usage: packaging/linux/build-python.sh            prints the interpreter's path
set -euo pipefail

CACHE=${RECTDESK_BUILD_CACHE:-$HOME/.cache/rectdesk-build}
GLIBC=2.28
PREFIX=$CACHE/python-3.11-glibc$GLIBC
ZIG_VERSION=0.17.1
POOL=http://deb.debian.org/debian/pool/main
JOBS=${JOBS:-$(nproc)}

# file  sha256  pool path
SOURCES=(
  "python3.11_3.11.2.orig.tar.gz 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849 p/python3.11"
  "sqlite3_3.40.1.orig.tar.xz aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655 s/sqlite3"
  "zlib_1.2.13.dfsg.orig.tar.bz2 71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1 z/zlib"
  "libffi_3.4.4.orig.tar.gz d66c56ad259a82cf2a9dfc408b32bf5da52371500b84745f7fb8b645712df676 libf/libffi"
  "xz-utils_5.4.1.orig.tar.xz 5d9827aa1875b21c288f78864bb26d2650b436ea8d2cad364e4921eb6266a5a5 x/xz-utils"
  "bzip2_1.0.8.orig.tar.gz ab5a03176ee106d3f0fa90e381da478ddae405918153cca248e682cd0c4a2269 b/bzip2"
  "openssl_3.0.20.orig.tar.gz c80a01dfc70ece4dc21168932c37739042d404d46ccc81a5986dd75314ecda6f o/openssl"
)

if [ -x "$PREFIX/bin/python3.11" ] && [ -f "$PREFIX/.complete" ]; then
  echo "$PREFIX/bin/python3.11"; exit 0
fi
started=$(date +%s)
log() { echo "build-python: $*" >&3; }
exec 3>&2
mkdir -p "$CACHE/src" "$CACHE/tools"
WORK=$(mktemp -d "$CACHE/work-XXXXXX")
# Kept after a failure (its *.log files say why); removed after success.
# The static libraries survive a failed Python build (kept until it succeeds once).
DEPS=$CACHE/deps-glibc$GLIBC

# The compiler: zig from its PyPI wheel, in a venv of the machine's own Python.
if [ ! -x "$CACHE/tools/zig/bin/python" ]; then
  python3 -m venv "$CACHE/tools/zig"
  "$CACHE/tools/zig/bin/pip" install -q "ziglang==$ZIG_VERSION"
fi
ZIG=$("$CACHE/tools/zig/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
export ZIG_GLOBAL_CACHE_DIR=$CACHE/tools/zig-cache ZIG_LOCAL_CACHE_DIR=$CACHE/tools/zig-cache
BIN=$WORK/bin; mkdir -p "$BIN"
# zig cc turns on UBSan traps in unoptimised code (configure's probes): switch it off;
# it also makes __DATE__ (Python's build info) an error, and its linker knows the
# soname option as -soname only (Python's Makefile says -h); and a shared library linked
# from other libraries alone (libpython3.so) fails without one object file: an empty one.
cat > "$BIN/cc" <<EOF
#!/bin/sh
for a; do shift; case \$a in -Wl,-h*) a="-Wl,-soname,\${a#-Wl,-h}";;
  -shared) set -- "\$@" "$BIN/empty.o";; esac; set -- "\$@" "\$a"; done
exec $ZIG cc -target x86_64-linux-gnu.$GLIBC -fno-sanitize=all -Wno-date-time "\$@"
EOF
: > "$BIN/empty.c"
printf '#!/bin/sh\nexec %s ar "$@"\n' "$ZIG" > "$BIN/ar"
printf '#!/bin/sh\nexec %s ranlib "$@"\n' "$ZIG" > "$BIN/ranlib"
chmod +x "$BIN"/cc "$BIN"/ar "$BIN"/ranlib
"$BIN/cc" -c "$BIN/empty.c" -o "$BIN/empty.o"
export CC=$BIN/cc AR=$BIN/ar RANLIB=$BIN/ranlib
export PKG_CONFIG_LIBDIR=$DEPS/lib/pkgconfig PKG_CONFIG_PATH=

fetch() {  # name sha256 pooldir -> unpacked into $WORK/<name>
  local file=$1 sum=$2 dir=$3
  if ! echo "$sum  $CACHE/src/$file" | sha256sum -c --quiet >/dev/null 2>&1; then
    curl -sSf -o "$CACHE/src/$file" "$POOL/$dir/$file"
    echo "$sum  $CACHE/src/$file" | sha256sum -c --quiet >&2
  fi
  mkdir -p "$WORK/${file%%_*}"
  tar -xf "$CACHE/src/$file" -C "$WORK/${file%%_*}" --strip-components=1
}
for s in "${SOURCES[@]}"; do fetch $s; done
log "sources ready ($(( $(date +%s) - started )) s)"

STATIC_CFLAGS="-O2 -fPIC"
exec 3>&2 2>>"$WORK/deps.log"  # compiler chatter goes to the log
trap '[ $? -eq 0 ] || { tail -40 "$WORK/deps.log" >&3; echo "build-python: failed; see $WORK" >&3; }' EXIT
[ -f "$DEPS/lib/libz.a" ] || ( cd "$WORK/zlib" && CFLAGS=$STATIC_CFLAGS ./configure --static --prefix="$DEPS" >/dev/null \
  && make -s -j"$JOBS" install >/dev/null )
[ -f "$DEPS/lib/libbz2.a" ] || ( cd "$WORK/bzip2" && make -s -j"$JOBS" CC="$CC" AR="$AR" RANLIB="$RANLIB" \
    CFLAGS="$STATIC_CFLAGS -D_FILE_OFFSET_BITS=64" libbz2.a >/dev/null \
  && install -D -m644 libbz2.a "$DEPS/lib/libbz2.a" && install -D -m644 bzlib.h "$DEPS/include/bzlib.h" )
[ -f "$DEPS/lib/liblzma.a" ] || ( cd "$WORK/xz-utils" && CFLAGS=$STATIC_CFLAGS ./configure -q --prefix="$DEPS" --disable-shared \
    --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-scripts \
    --disable-doc --disable-nls >/dev/null && make -s -j"$JOBS" install >/dev/null )
[ -f "$DEPS/lib/libffi.a" ] || ( cd "$WORK/libffi" && CFLAGS=$STATIC_CFLAGS ./configure -q --prefix="$DEPS" --libdir="$DEPS/lib" \
    --disable-shared --disable-docs --disable-multi-os-directory \
    --disable-exec-static-tramp >/dev/null \
  && make -s -j"$JOBS" install >/dev/null )
# SQLite: the amalgamation (made with tclsh from Debian's full source tree), compiled
# with the options Debian's libsqlite3 has that Python users rely on (FTS, JSON, R-Tree).
[ -f "$DEPS/lib/libsqlite3.a" ] || ( cd "$WORK/sqlite3" && ./configure -q --disable-tcl --disable-readline >/dev/null \
  && make -s sqlite3.c >/dev/null \
  && "$CC" $STATIC_CFLAGS -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 \
    -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 \
    -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_MATH_FUNCTIONS \
    -DSQLITE_SECURE_DELETE -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_THREADSAFE=1 \
    -c sqlite3.c -o sqlite3.o \
  && "$AR" rcs libsqlite3.a sqlite3.o \
  && install -D -m644 libsqlite3.a "$DEPS/lib/libsqlite3.a" \
  && install -m644 sqlite3.h sqlite3ext.h "$DEPS/include/" )
log "zlib, bzip2, xz, libffi, sqlite built ($(( $(date +%s) - started )) s)"
# OpenSSL for Python's ssl and hashlib only (cryptography's wheel carries its own).
[ -f "$DEPS/lib/libssl.a" ] || ( cd "$WORK/openssl" && ./Configure linux-x86_64 no-shared no-tests no-asm no-engine \
    no-module no-legacy --prefix="$DEPS" --libdir=lib --openssldir=/etc/ssl -fPIC >/dev/null \
  && make -s -j"$JOBS" build_libs >"$WORK/openssl-make.log" 2>&1 && make -s install_dev >/dev/null )
log "openssl built ($(( $(date +%s) - started )) s)"

exec 2>&3
# Python 3.11's setup.py adds the build machine's /usr/include/<multiarch> to every
# module's compile: its glibc 2.36 headers then clash with zig's 2.28 ones.  Off.
sed -i 's/^    def add_multiarch_paths(self):$/&\n        return/' "$WORK/python3.11/setup.py"
grep -A1 'def add_multiarch_paths' "$WORK/python3.11/setup.py" | grep -q return
# Python: shared libpython (PyInstaller needs it), found next to the program ($ORIGIN).
( cd "$WORK/python3.11" && ./configure -q --prefix="$PREFIX" --enable-shared \
    --with-openssl="$DEPS" --with-ensurepip=install --without-readline \
    CPPFLAGS="-I$DEPS/include" LDFLAGS="-L$DEPS/lib -Wl,-rpath,\\\$\$ORIGIN/../lib" \
    LIBFFI_CFLAGS="-I$DEPS/include" LIBFFI_LIBS="-L$DEPS/lib -lffi" \
    LIBSQLITE3_CFLAGS="-I$DEPS/include" LIBSQLITE3_LIBS="-L$DEPS/lib -lsqlite3 -lm" \
    LIBLZMA_CFLAGS="-I$DEPS/include" LIBLZMA_LIBS="-L$DEPS/lib -llzma" \
    BZIP2_CFLAGS="-I$DEPS/include" BZIP2_LIBS="-L$DEPS/lib -lbz2" \
    ZLIB_CFLAGS="-I$DEPS/include" ZLIB_LIBS="-L$DEPS/lib -lz" >/dev/null \
  && make -s -j"$JOBS" >"$WORK/python-make.log" 2>&1 || { tail -40 "$WORK/python-make.log" >&2; exit 1; }
  make -s install >/dev/null 2>&1 )
# Modules the program needs must all have been built.
"$PREFIX/bin/python3.11" -c 'import ssl, hashlib, sqlite3, ctypes, zlib, bz2, lzma, _decimal, pyexpat
print("build-python: python", __import__("sys").version.split()[0], "sqlite", sqlite3.sqlite_version, ssl.OPENSSL_VERSION)' >&2
touch "$PREFIX/.complete"
rm -rf "$WORK" "$DEPS"
log "done in $(( $(date +%s) - started )) s"
echo "$PREFIX/bin/python3.11"
