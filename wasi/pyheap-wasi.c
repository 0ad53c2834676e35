/* libpyheap-wasi.a: pyheap as the only malloc of a wasm32-wasi program.
 *
 * Linked before libc, this object defines every allocation function
 * wasi-libc has, each a call to pyheap's export of the same job (imports
 * from the module "pyheap": build/malloc.wasm or build/shared.wasm):
 *
 *   malloc free calloc realloc aligned_alloc posix_memalign memalign
 *   malloc_usable_size, and __libc_malloc __libc_free __libc_calloc
 *
 * The last three matter: wasi-libc's atexit and locale code call them, and
 * they are defined only by its dlmalloc.o, so a shim without them would
 * still pull dlmalloc.o in (and its malloc would then clash with ours).
 * wasm-ld takes the first definition it sees of an archive symbol, so the
 * order on the command line is enough; nothing of dlmalloc.o remains
 * (test/wasi.test.ts checks the built program).
 *
 * A constructor that runs before wasi-libc's own (which allocate: the
 * environment, the preopened directories) gives pyheap its region, from
 * the program's __heap_base up: pyheap_init(&__heap_base, 0). A host that
 * wants a limit answers that import itself (runWasi in src/wasi/ does); a
 * host that has already called pyheap_init is left as it was. Any other
 * refusal (pyheap's data overwritten: linked without --global-base=65536)
 * traps, before a single allocation.
 *
 * Compiled by emcc with -sMALLOC=none (docs/linking.md), it also defines
 * emscripten_builtin_malloc, _free and _memalign: emscripten's libc
 * allocates through them what it never frees (the environment getenv
 * reads, mmap's regions), and only emscripten's own mallocs define them,
 * so without them a program that calls getenv() aborts at start-up.
 *
 * Failures set errno as POSIX asks (ENOMEM; EINVAL for a bad alignment).
 * Rebuild: wasi/build.sh (CI checks the committed archive matches). */
#include <stddef.h>
#include <stdint.h>
#include <errno.h>

#define PYHEAP(name) __attribute__((import_module("pyheap"), import_name(#name)))

PYHEAP(malloc) void *pyheap_malloc(size_t size);
PYHEAP(calloc) void *pyheap_calloc(size_t nelem, size_t elsize);
PYHEAP(realloc) void *pyheap_realloc(void *ptr, size_t size);
PYHEAP(free) void pyheap_free_block(void *ptr);
PYHEAP(aligned_alloc) void *pyheap_aligned_alloc(size_t alignment, size_t size);
PYHEAP(malloc_usable_size) size_t pyheap_malloc_usable_size(void *ptr);

PYHEAP(pyheap_init) int pyheap_init(uintptr_t base, uintptr_t limit);
PYHEAP(pyheap_last_error_size) size_t pyheap_last_error_size(void);

extern unsigned char __heap_base;

/* wasi-libc's constructors run at priorities 50 and up. */
__attribute__((constructor(1)))
static void give_pyheap_its_region(void) {
  /* Refused with size 0: the region was given already (by the host). */
  if (pyheap_init((uintptr_t)&__heap_base, 0) != 0 && pyheap_last_error_size() != 0)
    __builtin_trap();
}

static void *or_enomem(void *p) {
  if (!p) errno = ENOMEM;
  return p;
}

static int power_of_two(size_t n) {
  return n != 0 && (n & (n - 1)) == 0;
}

void *malloc(size_t size) {
  return or_enomem(pyheap_malloc(size));
}

void free(void *ptr) {
  pyheap_free_block(ptr);
}

void *calloc(size_t nelem, size_t elsize) {
  return or_enomem(pyheap_calloc(nelem, elsize));
}

void *realloc(void *ptr, size_t size) {
  return or_enomem(pyheap_realloc(ptr, size));
}

void *aligned_alloc(size_t alignment, size_t size) {
  if (!power_of_two(alignment)) {
    errno = EINVAL;
    return NULL;
  }
  return or_enomem(pyheap_aligned_alloc(alignment, size));
}

void *memalign(size_t alignment, size_t size) {
  return aligned_alloc(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
  if (!power_of_two(alignment) || alignment % sizeof(void *) != 0) return EINVAL;
  void *p = pyheap_aligned_alloc(alignment, size);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

size_t malloc_usable_size(void *ptr) {
  return pyheap_malloc_usable_size(ptr);
}

/* wasi-libc's internal names (see above). */
void *__libc_malloc(size_t size) {
  return malloc(size);
}

void __libc_free(void *ptr) {
  free(ptr);
}

void *__libc_calloc(size_t nelem, size_t elsize) {
  return calloc(nelem, elsize);
}

#ifdef __EMSCRIPTEN__
/* emscripten's internal names (see above). */
void *emscripten_builtin_malloc(size_t size) {
  return malloc(size);
}

void emscripten_builtin_free(void *ptr) {
  free(ptr);
}

void *emscripten_builtin_memalign(size_t alignment, size_t size) {
  return memalign(alignment, size);
}
#endif
