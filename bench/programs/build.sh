#!/usr/bin/env bash
# Builds the real programs of the programs suite, each twice, into
# bench/programs/wasm/ (committed, so the bench needs no toolchain):
#   <name>-dlmalloc.wasm  wasi-libc's own malloc (dlmalloc), the program owns its memory
#   <name>-pyheap.wasm    every libc allocation function from pyheap: linked with
#                         wasi/libpyheap-wasi.a before libc, --import-memory,
#                         --global-base=65536 (docs/linking.md), run by runWasi()
# Programs, from Debian bookworm's source packages (apt-get source lua5.4
# sqlite3; the files are committed here with their licences):
#   lua       Lua 5.4.4 (lua5.4 5.4.4-3+deb12u1): the interpreter, src/ minus luac.c
#   speedtest1  SQLite 3.40.1 (sqlite3 3.40.1-2+deb12u2): the amalgamation
#             (sqlite3.c, made by `./configure && make sqlite3.c`, committed
#             xz-compressed) and test/speedtest1.c
# Flags, and why:
#   Lua: wasm32-wasi has no setjmp/longjmp (clang 14, no Wasm exceptions), so
#     shim/throw.h turns a raised error into abort() and shim/setjmp.h only
#     satisfies the #include: error-free scripts run. shim/wasi-missing.c
#     gives tmpfile() and system() (absent from wasi-libc) that fail.
#     -D_WASI_EMULATED_*: signal() and clock() from wasi-libc's emulations.
#     -Wno-deprecated-declarations: wasi-libc marks tmpfile() deprecated.
#   SQLite: SQLITE_OS_OTHER with sqlite/os-wasi.c, an OS layer of in-memory
#     files (no locks, mmap or processes in WASI); single-threaded; temp
#     files in memory; no extension loading.
# Idempotent; as root it apt-get installs clang, lld, wasi-libc and the
# wasm32 compiler-rt when missing. Takes ~2 min (the amalgamation is 8 MB).
#
# Usage: build.sh [wasi|emscripten] (default: both).
set -euo pipefail
WHICH="${1:-both}"
want() { [ "$WHICH" = both ] || [ "$WHICH" = "$1" ]; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/wasm"
mkdir -p "$OUT"

need_pkgs=()
command -v clang >/dev/null || need_pkgs+=(clang)
command -v wasm-ld >/dev/null || need_pkgs+=(lld)
[ -f /usr/lib/wasm32-wasi/libc.a ] || need_pkgs+=(wasi-libc)
ls /usr/lib/llvm-14/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1 || need_pkgs+=(libclang-rt-14-dev-wasm32)
command -v xz >/dev/null || need_pkgs+=(xz-utils)
command -v emcc >/dev/null || need_pkgs+=(emscripten)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "programs/build.sh: missing Debian packages: ${need_pkgs[*]} (run as root to install)" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}"
fi
clang --version | head -1

TMP="$(mktemp -d)"
# The prefix maps keep the checkout's and the temporary directory's paths
# out of assert()'s __FILE__ strings, so that any checkout builds the same bytes.
CC=(clang --target=wasm32-wasi -O2 -Wl,--strip-debug -ffile-prefix-map="$HERE/"= -ffile-prefix-map="$TMP/"=)
PYHEAP=(-Wl,--import-memory -Wl,--global-base=65536 "$ROOT/wasi/libpyheap-wasi.a")
trap 'rm -rf "$TMP"' EXIT

build() { # name, then compiler arguments
  local name="$1"; shift
  echo "== $name"
  "${CC[@]}" -o "$OUT/$name-dlmalloc.wasm" "$@"
  "${CC[@]}" -o "$OUT/$name-pyheap.wasm" "$@" "${PYHEAP[@]}"
}

LUA="$HERE/lua"
LUA_SRCS=()
for f in "$LUA"/src/*.c; do LUA_SRCS+=("$f"); done
want wasi && build lua -Wno-deprecated-declarations -I "$LUA/shim" -include "$LUA/shim/throw.h" -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS \
  "${LUA_SRCS[@]}" "$LUA/shim/wasi-missing.c" -lwasi-emulated-signal -lwasi-emulated-process-clocks

SQ="$HERE/sqlite"
xz -dc "$SQ/sqlite3.c.xz" > "$TMP/sqlite3.c"
want wasi && build speedtest1 -I "$SQ" -DSQLITE_OS_OTHER=1 -DSQLITE_THREADSAFE=0 -DSQLITE_TEMP_STORE=3 -DSQLITE_OMIT_LOAD_EXTENSION \
  "$SQ/speedtest1.c" "$TMP/sqlite3.c" "$SQ/os-wasi.c"

# emscripten (Debian's 3.1.6): the same sources and flags, three mallocs,
# each <name>-em-<malloc>.cjs + .wasm (-sMODULARIZE; the programs suite
# runs them in Node):
#   em-dlmalloc  -sMALLOC=dlmalloc (emscripten's default malloc)
#   em-emmalloc  -sMALLOC=emmalloc (its small one)
#   em-pyheap    -sMALLOC=none plus wasi/pyheap-wasi.c (docs/linking.md's
#                recipe): the suite instantiates pyheap in emscripten's memory
# All three run in one fixed 64 MiB memory, without -sALLOW_MEMORY_GROWTH:
# pyheap must not grow emscripten's memory (emscripten's JavaScript renews its
# views only when it grows the memory itself), and the same memory for all
# three keeps their times comparable. FS is exported so that the suite can
# put Lua's script into emscripten's in-memory file system; NODEJS_CATCH_*=0
# keep the JavaScript from installing process-wide exception handlers.
EM=(emcc -O2 -ffile-prefix-map="$HERE/"= -ffile-prefix-map="$TMP/"= -sMODULARIZE -sEXPORT_NAME=createProgram -sEXIT_RUNTIME=1
  -sENVIRONMENT=node -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 -sINITIAL_MEMORY=64MB -sEXPORTED_RUNTIME_METHODS=FS -sFORCE_FILESYSTEM)
EM_PYHEAP=(-sMALLOC=none -sIMPORTED_MEMORY -sGLOBAL_BASE=65536 -sERROR_ON_UNDEFINED_SYMBOLS=0 "$ROOT/wasi/pyheap-wasi.c")
# emcc needs Debian's acorn when the Node on PATH is not Debian's.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
em_build() { # name, then compiler arguments
  local name="$1"; shift
  echo "== $name (emscripten)"
  rm -f "$OUT/$name-em-pyheap.wasm"
  "${EM[@]}" -sMALLOC=dlmalloc -o "$OUT/$name-em-dlmalloc.cjs" "$@"
  "${EM[@]}" -sMALLOC=emmalloc -o "$OUT/$name-em-emmalloc.cjs" "$@"
  "${EM[@]}" "${EM_PYHEAP[@]}" -o "$OUT/$name-em-pyheap.cjs" "$@" 2>&1 | grep -v "undefined symbol: \(malloc\|free\|calloc\|realloc\|aligned_alloc\|malloc_usable_size\|pyheap_init\|pyheap_last_error_size\)" >&2 || true
  [ -s "$OUT/$name-em-pyheap.wasm" ]
}
# Lua: the same error shim (errors abort); emscripten has tmpfile() and system().
want emscripten && em_build lua -Wno-deprecated-declarations -I "$LUA/shim" -include "$LUA/shim/throw.h" "${LUA_SRCS[@]}"
want emscripten && em_build speedtest1 -I "$SQ" -DSQLITE_OS_OTHER=1 -DSQLITE_THREADSAFE=0 -DSQLITE_TEMP_STORE=3 -DSQLITE_OMIT_LOAD_EXTENSION \
  "$SQ/speedtest1.c" "$TMP/sqlite3.c" "$SQ/os-wasi.c"
ls -l "$OUT"
