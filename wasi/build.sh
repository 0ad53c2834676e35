#!/bin/sh
# Builds libpyheap-wasi.a from pyheap-wasi.c with Debian's clang (wasi-libc's
# headers, for errno) and llvm-ar in deterministic mode, so the same
# toolchain gives the same bytes (CI rebuilds it and compares).
# Usage: build.sh [output.a]   (default: libpyheap-wasi.a beside this file)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/libpyheap-wasi.a"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CLANG:-clang} --target=wasm32-wasi -O2 -c -o "$tmp/pyheap-wasi.o" "$here/pyheap-wasi.c"
rm -f "$out"
${AR:-llvm-ar-14} rcsD "$out" "$tmp/pyheap-wasi.o"
