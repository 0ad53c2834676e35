#!/bin/sh
# Builds the LD_PRELOAD tracing shim next to this script (trace_malloc.so).
set -eu
cd "$(dirname "$0")"
gcc -O2 -g0 -fPIC -shared -Wall -Wextra -o trace_malloc.so trace_malloc.c -ldl -lpthread
echo "built $(pwd)/trace_malloc.so"
