#!/usr/bin/env bash
# Builds bench/driver/driver.wasm, the in-Wasm trace-replay driver, and checks
# that it owns no memory: no data section, no __stack_pointer (no shadow
# stack), memory imported with a minimum of 0 pages (so it links against any
# allocator, even one whose memory starts empty, like tlsf-as).
#
# Flags (Debian clang 14):
#   --target=wasm32 -nostdlib -fno-builtin : freestanding; -fno-builtin stops
#       clang from treating the imported malloc/calloc as the libc builtins
#       (it could otherwise fold calloc's first-word load to 0).
#   -mmutable-globals : the exported `failed_op` global is mutable.
#   -Wl,--import-memory -Wl,--global-base=0 -Wl,-z,stack-size=0 : import
#       env.memory with min 0 pages, reserve nothing in it.
# Idempotent; as root it apt-get installs clang/lld/wabt when missing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

need_pkgs=()
command -v clang >/dev/null || need_pkgs+=(clang)
command -v wasm-ld >/dev/null || need_pkgs+=(lld)
command -v wasm-objdump >/dev/null || need_pkgs+=(wabt)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "driver/build.sh: missing Debian packages: ${need_pkgs[*]} (run as root to install)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}"
fi

clang --version | head -1
set -x
clang --target=wasm32 -nostdlib -fno-builtin -mmutable-globals -O2 -Wall -Wextra \
  -Wl,--no-entry -Wl,--import-memory -Wl,--global-base=0 -Wl,-z,stack-size=0 \
  -Wl,--export=failed_op -Wl,--strip-debug \
  -o "$HERE/driver.wasm" "$HERE/driver.c"
{ set +x; } 2>/dev/null

dump="$(wasm-objdump -x "$HERE/driver.wasm")"
fail() { echo "driver/build.sh: $*" >&2; exit 1; }
grep -q '^Data\[' <<<"$dump" && fail "driver.wasm has a data section"
grep -q '^DataCount' <<<"$dump" && fail "driver.wasm has a data count section"
grep -q '__stack_pointer' <<<"$dump" && fail "driver.wasm uses __stack_pointer"
# The only global must be failed_op (no stack pointer under another name).
[ "$(grep -c '^ - global\[.*mutable=' <<<"$dump")" = 1 ] || fail "unexpected globals: $(grep '^ - global\[' <<<"$dump")"
grep -q 'memory\[0\] pages: initial=0 <- env.memory' <<<"$dump" || fail "memory import is not env.memory min 0"
echo "driver/build.sh: ok, no data section, no stack pointer"
grep -E '^ - (func|memory|global)\[.*(<-|->)' <<<"$dump"
