#!/bin/sh
# Builds binary_trees.wasm with Debian's clang and wasm-ld, no libc: its
# malloc/free are pyheap's (include/pyheap.h), through imports.
#   --import-memory          share the memory pyheap uses (env.memory)
#   --global-base=65536      our data above pyheap's (below PYHEAP_DATA_END)
#   --no-entry               a library: the host calls run(n)
#   -mbulk-memory            copies become memory.copy, not libc memcpy
# Usage: build.sh [output.wasm]   (default: binary_trees.wasm beside this file)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/binary_trees.wasm"}
${CLANG:-clang} --target=wasm32 -nostdlib -ffreestanding -O2 -mbulk-memory \
  -I "$here/../../include" \
  -Wl,--no-entry -Wl,--import-memory -Wl,--global-base=65536 \
  -Wl,--strip-all \
  -o "$out" "$here/binary_trees.c"
