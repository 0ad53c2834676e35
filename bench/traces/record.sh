#!/usr/bin/env bash
# Re-records the real CPython allocation traces in this directory.
#
#   bench/traces/record.sh              # all programs
#   bench/traces/record.sh objects      # just one
#   PYTHON=/path/to/python3 bench/traces/record.sh
#
# Each program in programs/ runs under the LD_PRELOAD shim with
#   PYTHONMALLOC=malloc   every PyMem_*/PyObject_* call goes to libc malloc,
#                         i.e. the requests pymalloc would normally serve
#   PYTHONHASHSEED=0      str hashes (dict/set layout) fixed
#   env -i PATH=/usr/bin:/bin  (nothing else from the caller's environment)
#   setarch -R            ASLR off: CPython has some address-dependent
#                         behaviour (id-based hashes); without this, two runs
#                         have the same op count but differ in order
# then convert.js turns the pointer log into <name>.ops.gz + <name>.json.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}"
SHIM="$HERE/shim/trace_malloc.so"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/pyheap-trace.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

"$HERE/shim/build.sh" >/dev/null

declare -A DESC=(
  [json_roundtrip]="json.dumps/json.loads round trips of a seeded nested document (1500 records of dicts, lists, strings, ints, floats; ~1-1.3 MB of JSON), 3 rounds"
  [compile_stdlib]="compile(source, path, 'exec') in memory over 56 stdlib modules (sorted top-level Lib/*.py, every 3rd), no .pyc written"
  [objects]="object-heavy script: instances with __dict__ and __slots__ in lists/dicts, a parent-linked binary tree built and torn down, string building, cycles + gc.collect(); 3 phases"
)
NAMES=("${@:-json_roundtrip compile_stdlib objects}")
NAMES=(${NAMES[*]})

for name in "${NAMES[@]}"; do
  prog="$HERE/programs/$name.py"
  [[ -f "$prog" ]] || { echo "no such program: $prog" >&2; exit 1; }
  log="$TMP/$name.bin"
  echo "== recording $name"
  # env (not the shell) sets LD_PRELOAD, so only python itself is traced.
  # env -i: the caller's environment is copied into os.environ at startup, so
  # a fixed minimal environment keeps the trace independent of the shell.
  ( cd "$HERE/programs" && setarch "$(uname -m)" -R env -i PATH=/usr/bin:/bin \
      PYHEAP_TRACE_FILE="$log" PYTHONMALLOC=malloc PYTHONHASHSEED=0 \
      PYTHONDONTWRITEBYTECODE=1 LD_PRELOAD="$SHIM" \
      "$PY" "$name.py" ) | tee "$TMP/$name.stdout"
  # Provenance, gathered without the shim.
  PROG_STDOUT="$(cat "$TMP/$name.stdout")" NAME="$name" "$PY" - > "$TMP/$name.with.json" <<'PYEOF'
import json, os, platform, subprocess, sys
def cmd(*a):
    try:
        return subprocess.run(a, capture_output=True, text=True).stdout.splitlines()[0].strip()
    except Exception:
        return None
name = os.environ["NAME"]
print(json.dumps({
    "python": platform.python_version(),
    "pythonBuild": sys.version,
    "pythonExecutable": sys.executable,
    "program": f"programs/{name}.py",
    "env": {"PATH": "/usr/bin:/bin", "PYTHONMALLOC": "malloc", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "others": "none (env -i)"},
    "aslr": "disabled (setarch -R)",
    "shim": "shim/trace_malloc.c (LD_PRELOAD)",
    "libc": " ".join(platform.libc_ver()),
    "gcc": cmd("gcc", "--version"),
    "platform": platform.platform(),
    "machine": platform.machine(),
    "programStdout": os.environ["PROG_STDOUT"].splitlines(),
}, indent=2))
PYEOF
  node "$HERE/convert.js" "$log" "$name" "${DESC[$name]}" "$TMP/$name.with.json" "$HERE"
done
