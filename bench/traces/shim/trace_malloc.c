/*
 * trace_malloc.c — LD_PRELOAD shim that logs every malloc-family call of a
 * process to a binary file, so bench/traces/convert.js can turn a real CPython
 * run into a pyheap workload.
 *
 * Usage: PYHEAP_TRACE_FILE=out.bin LD_PRELOAD=./trace_malloc.so python3 x.py
 *
 * Log format: a stream of fixed 24-byte little-endian records
 *   u64 ret   pointer returned (malloc/calloc/realloc/aligned) or freed (free)
 *   u64 old   realloc: the input pointer; otherwise 0
 *   u64 info  bits 56..63 = record type (see REC_*), bits 0..55 = size in bytes
 *             (calloc: nmemb*size; aligned: the requested size)
 * The file starts with an 8-byte magic "PYHTRC01".
 *
 * Design notes (why):
 *  - Real functions are found with dlsym(RTLD_NEXT). dlsym itself may call
 *    calloc/malloc before we have them, so those early requests are served
 *    from a static bootstrap buffer and never logged nor passed to free().
 *  - The real call and the log append happen under one lock, so the log order
 *    is the true order in which addresses were handed out and returned (a free
 *    in thread A can never be logged after thread B re-receives that address).
 *  - A thread-local re-entrancy flag makes nested calls (e.g. from inside
 *    dlsym, or anything glibc does on our behalf) pass straight through
 *    unlogged. We write with write(2) from a static buffer: no stdio, no
 *    allocation of our own.
 *  - Forked children stop logging (they would otherwise share our buffer).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { REC_MALLOC = 1, REC_CALLOC = 2, REC_REALLOC = 3, REC_FREE = 4,
       REC_ALIGNED = 5 /* posix_memalign/aligned_alloc/memalign/valloc/pvalloc */ };

typedef struct { uint64_t ret, old, info; } rec_t;

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static void *(*real_memalign)(size_t, size_t);
static void *(*real_valloc)(size_t);
static void *(*real_pvalloc)(size_t);

/* Bootstrap arena for allocations made while dlsym resolves the symbols. */
static char boot_buf[64 * 1024] __attribute__((aligned(16)));
static size_t boot_used;
static int is_boot(const void *p) {
  return (const char *)p >= boot_buf && (const char *)p < boot_buf + sizeof boot_buf;
}
static void *boot_alloc(size_t n) {
  size_t off = (boot_used + 15) & ~(size_t)15;
  if (off + n > sizeof boot_buf) return NULL;
  boot_used = off + n;
  return boot_buf + off;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static __thread int in_hook;     /* re-entrancy guard */
static int resolving;            /* inside init(): serve from boot_buf */
static int initialized;
static int log_fd = -1;          /* -1: not opened yet, -2: logging disabled */
static int after_exit;           /* destructor ran: write records unbuffered */

#define BUF_RECS 8192
static rec_t buf[BUF_RECS];
static size_t nbuf;

static void write_all(const void *p, size_t n) {
  const char *c = p;
  while (n > 0) {
    ssize_t w = write(log_fd, c, n);
    if (w < 0) { if (errno == EINTR) continue; log_fd = -2; return; }
    c += w; n -= (size_t)w;
  }
}
static void flush_buf(void) {
  if (log_fd >= 0 && nbuf) write_all(buf, nbuf * sizeof(rec_t));
  nbuf = 0;
}
static void child_after_fork(void) { log_fd = -2; nbuf = 0; }

static void init(void) {
  if (initialized) return;
  resolving = 1;
  real_malloc = dlsym(RTLD_NEXT, "malloc");
  real_calloc = dlsym(RTLD_NEXT, "calloc");
  real_realloc = dlsym(RTLD_NEXT, "realloc");
  real_free = dlsym(RTLD_NEXT, "free");
  real_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
  real_aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
  real_memalign = dlsym(RTLD_NEXT, "memalign");
  real_valloc = dlsym(RTLD_NEXT, "valloc");
  real_pvalloc = dlsym(RTLD_NEXT, "pvalloc");
  resolving = 0;
  initialized = 1;
}

/* Caller holds the lock. */
static void log_rec(int type, void *ret, void *old, size_t size) {
  if (log_fd == -2) return;
  if (log_fd == -1) {
    const char *path = getenv("PYHEAP_TRACE_FILE");
    if (!path || !*path) { log_fd = -2; return; }
    log_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log_fd < 0) { log_fd = -2; return; }
    write_all("PYHTRC01", 8);
    pthread_atfork(NULL, NULL, child_after_fork);
  }
  rec_t *r = &buf[nbuf++];
  r->ret = (uint64_t)(uintptr_t)ret;
  r->old = (uint64_t)(uintptr_t)old;
  r->info = ((uint64_t)type << 56) | ((uint64_t)size & 0x00FFFFFFFFFFFFFFull);
  if (nbuf == BUF_RECS || after_exit) flush_buf();
}

__attribute__((destructor)) static void fini(void) {
  pthread_mutex_lock(&lock);
  flush_buf();
  after_exit = 1; /* anything freed later (other destructors) still lands */
  pthread_mutex_unlock(&lock);
}

/* Common wrapper: pass through when nested, else lock + call + log. */
#define ENTER()                                   \
  if (!initialized) {                             \
    if (resolving) goto boot;                     \
    init();                                       \
  }                                               \
  if (in_hook) goto passthrough;                  \
  in_hook = 1;                                    \
  pthread_mutex_lock(&lock)
#define LEAVE()                                   \
  pthread_mutex_unlock(&lock);                    \
  in_hook = 0

void *malloc(size_t n) {
  void *p;
  ENTER();
  p = real_malloc(n);
  if (p) log_rec(REC_MALLOC, p, NULL, n);
  LEAVE();
  return p;
passthrough:
  return real_malloc(n);
boot:
  return boot_alloc(n);
}

void *calloc(size_t nm, size_t sz) {
  void *p;
  size_t total;
  if (__builtin_mul_overflow(nm, sz, &total)) { errno = ENOMEM; return NULL; }
  ENTER();
  p = real_calloc(nm, sz);
  if (p) log_rec(REC_CALLOC, p, NULL, total);
  LEAVE();
  return p;
passthrough:
  return real_calloc(nm, sz);
boot:
  return boot_alloc(total); /* static buffer is already zeroed */
}

void *realloc(void *old, size_t n) {
  void *p;
  if (is_boot(old)) { /* move a bootstrap block onto the real heap */
    if (!initialized) init();
    p = real_malloc(n ? n : 1);
    if (p) memcpy(p, old, n < sizeof boot_buf ? n : sizeof boot_buf);
    return p; /* not logged: its origin was never logged either */
  }
  ENTER();
  p = real_realloc(old, n);
  /* realloc(p, 0) in glibc frees p and returns NULL: still log it (ret = 0). */
  if (p || n == 0) log_rec(REC_REALLOC, p, old, n);
  LEAVE();
  return p;
passthrough:
  return real_realloc(old, n);
boot:
  return NULL;
}

void free(void *p) {
  if (!p || is_boot(p)) return;
  ENTER();
  real_free(p);
  log_rec(REC_FREE, p, NULL, 0);
  LEAVE();
  return;
passthrough:
  real_free(p);
  return;
boot:
  return;
}

int posix_memalign(void **out, size_t align, size_t n) {
  int rc;
  ENTER();
  rc = real_posix_memalign(out, align, n);
  if (rc == 0) log_rec(REC_ALIGNED, *out, NULL, n);
  LEAVE();
  return rc;
passthrough:
  return real_posix_memalign(out, align, n);
boot:
  return ENOMEM;
}

#define ALIGNED_WRAPPER(name, params, args, n)    \
  void *name params {                             \
    void *p;                                      \
    ENTER();                                      \
    p = real_##name args;                         \
    if (p) log_rec(REC_ALIGNED, p, NULL, n);      \
    LEAVE();                                      \
    return p;                                     \
  passthrough:                                    \
    return real_##name args;                      \
  boot:                                           \
    return NULL;                                  \
  }
ALIGNED_WRAPPER(aligned_alloc, (size_t a, size_t n), (a, n), n)
ALIGNED_WRAPPER(memalign, (size_t a, size_t n), (a, n), n)
ALIGNED_WRAPPER(valloc, (size_t n), (n), n)
ALIGNED_WRAPPER(pvalloc, (size_t n), (n), n)
