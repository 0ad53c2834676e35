/* wasm32-wasi has no setjmp/longjmp (clang 14 has no Wasm exception
 * handling). Lua throws with longjmp; here a throw aborts the program
 * instead (LUAI_THROW in the build flags), so only error-free scripts run.
 * This header only satisfies ldo.c's #include. */
#ifndef PYHEAP_BENCH_SETJMP_H
#define PYHEAP_BENCH_SETJMP_H
typedef int jmp_buf[1];
#endif
