#!/usr/bin/env bash
# Rebuilds the benchmark baseline allocators into bench/baselines/wasm/.
#
# Each module exports memory, malloc, free, realloc, calloc (C ABI, wasm32)
# plus __grow_count (added by bench/lib/instrument-grow.js, which counts
# memory.grow calls). Raw, un-instrumented builds go to
# bench/.cache/baselines/ (gitignored); the instrumented ones are committed.
#
# Idempotent. Run from anywhere, as root on Debian bookworm to let it
# apt-get install a missing toolchain. Needs the repo's node_modules
# (assemblyscript + binaryen), installed with `npm ci` if missing.
#
# Every baseline's initial memory is as small as the toolchain allows, so
# memory comparisons are fair; shadow stacks are 8 KiB where one exists.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/wasm"
RAW="$ROOT/bench/.cache/baselines"
mkdir -p "$OUT" "$RAW"

# --- toolchain ---------------------------------------------------------------
# Debian bookworm packages: clang/lld 14, wasi-libc (dlmalloc), compiler-rt
# builtins for wasm32 (clang --target=wasm32-wasi links them), emscripten
# 3.1.6 (ships a prebuilt sysroot cache incl. libemmalloc.a/libdlmalloc.a),
# binaryen 108 (emcc runs its wasm-opt), wabt (wasm-objdump for checks).
need_pkgs=()
command -v clang >/dev/null || need_pkgs+=(clang)
command -v wasm-ld >/dev/null || need_pkgs+=(lld)
[ -f /usr/lib/wasm32-wasi/libc.a ] || need_pkgs+=(wasi-libc)
ls /usr/lib/llvm-14/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1 \
  || need_pkgs+=(libclang-rt-14-dev-wasm32)
command -v emcc >/dev/null || need_pkgs+=(emscripten)
command -v wasm-opt >/dev/null || need_pkgs+=(binaryen)
command -v wasm-objdump >/dev/null || need_pkgs+=(wabt)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "build.sh: missing Debian packages: ${need_pkgs[*]} (run as root to install)" >&2
    exit 1
  fi
  echo "build.sh: apt-get install ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}"
fi
if [ ! -x "$ROOT/node_modules/.bin/asc" ] || [ ! -d "$ROOT/node_modules/binaryen" ]; then
  (cd "$ROOT" && npm ci)
fi

echo "== versions"
clang --version | head -1
echo "wasi-libc $(dpkg-query -W -f='${Version}' wasi-libc 2>/dev/null || echo '?')"
echo "emscripten $(emcc --version | head -1 | sed 's/.*) //') (Debian $(dpkg-query -W -f='${Version}' emscripten 2>/dev/null || echo '?'))"
wasm-opt --version
echo "assemblyscript $("$ROOT/node_modules/.bin/asc" --version 2>/dev/null | sed 's/Version //')"
echo "binaryen.js $(node -p "require('$ROOT/node_modules/binaryen/package.json').version")"

run() { echo "+ $*"; "$@"; }
EXPORTS4=(-Wl,--export=malloc -Wl,--export=free -Wl,--export=realloc -Wl,--export=calloc)

# --- dlmalloc-wasi: dlmalloc as shipped in Debian's wasi-libc ----------------
# -nostartfiles + --no-entry: a library, no _start/crt1 and thus no WASI
# imports at all. One 64 KiB page initially (8 KiB stack + dlmalloc's
# statics); dlmalloc grows it through sbrk -> memory.grow.
echo "== dlmalloc-wasi"
echo '/* empty: malloc & co. come from wasi-libc libc.a */' > "$RAW/empty.c"
# --strip-debug: libc.a carries DWARF, not wanted in a benchmark module.
run clang --target=wasm32-wasi -O2 -nostartfiles -Wl,--no-entry "${EXPORTS4[@]}" \
  -Wl,-z,stack-size=8192 -Wl,--initial-memory=65536 -Wl,--strip-debug \
  -o "$RAW/dlmalloc-wasi.wasm" "$RAW/empty.c"

# --- emscripten: emmalloc and dlmalloc ----------------------------------------
# Debian's emcc config sets FROZEN_CACHE = True and points at the prebuilt
# sysroot in /usr/share/emscripten/cache, which already holds libemmalloc.a
# and libdlmalloc.a built from /usr/share/emscripten/system/lib/*.c, so
# nothing is compiled into the cache and no EM_CACHE is needed.
# Default TOTAL_STACK (5 MiB) would force INITIAL_MEMORY > 5 MiB: use 8 KiB
# so INITIAL_MEMORY can be one page. Imports: env.emscripten_notify_memory_growth
# (a notification; the loader stubs it). Export _initialize must be called.
# --profiling-funcs keeps function names only; code is the same as without.
for m in emmalloc dlmalloc; do
  case $m in emmalloc) name=emmalloc ;; dlmalloc) name=dlmalloc-emscripten ;; esac
  echo "== $name"
  run emcc -O3 --profiling-funcs "-sMALLOC=$m" -sSTANDALONE_WASM --no-entry -sALLOW_MEMORY_GROWTH=1 \
    -sTOTAL_STACK=8192 -sINITIAL_MEMORY=65536 \
    -sEXPORTED_FUNCTIONS=_malloc,_free,_realloc,_calloc \
    -o "$RAW/$name.wasm" "$RAW/empty.c"
done

# --- tlsf-as: AssemblyScript's TLSF ------------------------------------------
# --runtime minimal: heap.* are TLSF's __alloc/__realloc/__free with no GC
# involvement. --use abort= removes the env.abort import (asserts trap).
# Initial memory is 0 pages; TLSF grows to 1 page on first use.
echo "== tlsf-as"
run "$ROOT/node_modules/.bin/asc" "$HERE/tlsf-as/tlsf.ts" --runtime minimal -O3 --use abort= \
  -o "$RAW/tlsf-as.wasm"

# --- bump: no-reuse speed limit ------------------------------------------------
# -mbulk-memory: realloc's copy is memory.copy (no libc). No stack used.
echo "== bump"
run clang --target=wasm32 -nostdlib -fno-builtin -mbulk-memory -O2 -Wall -Wl,--no-entry \
  -Wl,--initial-memory=65536 -Wl,-z,stack-size=0 -Wl,--strip-debug \
  -o "$RAW/bump.wasm" "$HERE/bump/bump.c"

# --- instrument memory.grow and check the interface ----------------------------
echo "== instrument + check"
for name in dlmalloc-wasi emmalloc dlmalloc-emscripten tlsf-as bump; do
  (cd "$ROOT" && node bench/lib/instrument-grow.js "$RAW/$name.wasm" "$OUT/$name.wasm")
  exports=$(wasm-objdump -x -j Export "$OUT/$name.wasm" 2>/dev/null | sed -n 's/.* -> "\(.*\)"$/\1/p' | sort | tr '\n' ' ')
  imports=$(wasm-objdump -x -j Import "$OUT/$name.wasm" 2>/dev/null | sed -n 's/.*<- \(.*\)$/\1/p' | tr '\n' ' ' || true)
  pages=$(wasm-objdump -x -j Memory "$OUT/$name.wasm" 2>/dev/null | sed -n 's/.*pages: \(.*\)$/\1/p')
  for f in memory malloc free realloc calloc __grow_count; do
    case " $exports" in *" $f "*) ;; *) echo "build.sh: $name lacks export $f" >&2; exit 1 ;; esac
  done
  echo "   $name: memory $pages; imports: ${imports:-none}"
  echo "   exports: $exports"
done
echo "build.sh: done -> $OUT"
