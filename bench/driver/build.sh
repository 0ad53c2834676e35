#!/usr/bin/env bash
# Builds the in-Wasm drivers, bench/driver/driver.wasm (trace replay) and
# roofline.wasm (the roofline suite's loops), and checks that they own no
# memory: no data section, no use of __stack_pointer (no shadow stack), memory imported with a minimum of 0 pages (so it links against any
# allocator, even one whose memory starts empty, like tlsf-as).
#
# Flags (Debian clang 14):
#   --target=wasm32 -nostdlib -fno-builtin : freestanding; -fno-builtin stops
#       clang from treating the imported malloc/calloc as the libc builtins
#       (it could otherwise fold calloc's first-word load to 0).
#   -mmutable-globals : the exported `failed_op`/`failed` global is mutable.
#   -Wl,--import-memory -Wl,--global-base=0 -Wl,-z,stack-size=0 : import
#       env.memory with min 0 pages, reserve nothing in it.
# Also builds null.wasm, the null allocator both drivers are timed with to
# measure their own cost.
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

# Drivers: link against any allocator's memory, so they own none of it.
build_driver() { # name, exported global
  set -x
  clang --target=wasm32 -nostdlib -fno-builtin -mmutable-globals -O2 -Wall -Wextra \
    -Wl,--no-entry -Wl,--import-memory -Wl,--global-base=0 -Wl,-z,stack-size=0 \
    -Wl,--export="$2" -Wl,--strip-debug \
    -o "$HERE/$1.wasm" "$HERE/$1.c"
  { set +x; } 2>/dev/null

  local dump code
  dump="$(wasm-objdump -x "$HERE/$1.wasm")"
  code="$(wasm-objdump -d "$HERE/$1.wasm")"
  fail() { echo "driver/build.sh: $name.wasm: $*" >&2; exit 1; }
  local name="$1"
  grep -q '^Data\[' <<<"$dump" && fail "has a data section"
  grep -q '^DataCount' <<<"$dump" && fail "has a data count section"
  # wasm-ld may declare __stack_pointer; the code must never touch it, nor any
  # global but the exported one.
  grep -q '<__stack_pointer>' <<<"$code" && fail "uses __stack_pointer"
  grep -E 'global\.(get|set)' <<<"$code" | grep -qv "<$2>" && fail "touches a global other than $2"
  grep -q 'memory\[0\] pages: initial=0 <- env.memory' <<<"$dump" || fail "memory import is not env.memory min 0"
  echo "driver/build.sh: $1.wasm ok, no data section, no stack pointer"
  grep -E '^ - (func|memory|global)\[.*(<-|->)' <<<"$dump"
}
build_driver driver failed_op
build_driver roofline failed

# The null allocator (the loops' own cost): an allocator, so it owns memory.
set -x
clang --target=wasm32 -nostdlib -fno-builtin -O2 -Wall -Wextra -Wl,--no-entry \
  -Wl,--initial-memory=65536 -Wl,-z,stack-size=0 -Wl,--strip-debug \
  -o "$HERE/null.wasm" "$HERE/null.c"
{ set +x; } 2>/dev/null
echo "driver/build.sh: null.wasm ok"
