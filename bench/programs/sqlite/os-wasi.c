/*
 * SQLite's OS layer for the benchmark's wasm32-wasi build (SQLITE_OS_OTHER):
 * wasi-libc has no file locks, mmap or processes, and the benchmark only
 * runs in-memory databases (speedtest1 --memdb, temp_store in memory), so
 * every file this VFS opens is a private growable buffer that lives until
 * it is closed (the temporary files VACUUM and big sorts spill to); named
 * files are never found (xAccess). Time comes from WASI's clock; randomness
 * is a fixed sequence, so every run does the same work under either malloc.
 */
#include "sqlite3.h"
#include <string.h>
#include <time.h>

typedef struct MemFile {
  sqlite3_file base;
  unsigned char *data;
  sqlite3_int64 size, cap;
} MemFile;

static int memClose(sqlite3_file *f) { sqlite3_free(((MemFile *)f)->data); return SQLITE_OK; }
static int memRead(sqlite3_file *f, void *buf, int n, sqlite3_int64 off) {
  MemFile *m = (MemFile *)f;
  if (off >= m->size) { memset(buf, 0, n); return SQLITE_IOERR_SHORT_READ; }
  if (off + n > m->size) {
    int have = (int)(m->size - off);
    memcpy(buf, m->data + off, have);
    memset((char *)buf + have, 0, n - have);
    return SQLITE_IOERR_SHORT_READ;
  }
  memcpy(buf, m->data + off, n);
  return SQLITE_OK;
}
static int memWrite(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off) {
  MemFile *m = (MemFile *)f;
  if (off + n > m->cap) {
    sqlite3_int64 cap = m->cap ? m->cap : 4096;
    while (cap < off + n) cap *= 2;
    unsigned char *d = sqlite3_realloc64(m->data, cap);
    if (!d) return SQLITE_IOERR_NOMEM;
    m->data = d;
    m->cap = cap;
  }
  if (off > m->size) memset(m->data + m->size, 0, off - m->size);
  memcpy(m->data + off, buf, n);
  if (off + n > m->size) m->size = off + n;
  return SQLITE_OK;
}
static int memTruncate(sqlite3_file *f, sqlite3_int64 size) {
  MemFile *m = (MemFile *)f;
  if (size < m->size) m->size = size;
  return SQLITE_OK;
}
static int memSync(sqlite3_file *f, int flags) { (void)f; (void)flags; return SQLITE_OK; }
static int memFileSize(sqlite3_file *f, sqlite3_int64 *out) { *out = ((MemFile *)f)->size; return SQLITE_OK; }
static int memLock(sqlite3_file *f, int level) { (void)f; (void)level; return SQLITE_OK; }
static int memCheckReservedLock(sqlite3_file *f, int *out) { (void)f; *out = 0; return SQLITE_OK; }
static int memFileControl(sqlite3_file *f, int op, void *arg) { (void)f; (void)op; (void)arg; return SQLITE_NOTFOUND; }
static int memSectorSize(sqlite3_file *f) { (void)f; return 512; }
static int memDeviceCharacteristics(sqlite3_file *f) { (void)f; return 0; }

static const sqlite3_io_methods mem_methods = {
  1, memClose, memRead, memWrite, memTruncate, memSync, memFileSize,
  memLock, memLock, memCheckReservedLock, memFileControl, memSectorSize, memDeviceCharacteristics,
};

static int xOpen(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f, int flags, int *out) {
  MemFile *m = (MemFile *)f;
  (void)v; (void)name;
  m->data = 0;
  m->size = m->cap = 0;
  m->base.pMethods = &mem_methods;
  if (out) *out = flags;
  return SQLITE_OK;
}
static int xDelete(sqlite3_vfs *v, const char *name, int sync) { (void)v; (void)name; (void)sync; return SQLITE_OK; }
static int xAccess(sqlite3_vfs *v, const char *name, int flags, int *out) { (void)v; (void)name; (void)flags; *out = 0; return SQLITE_OK; }
static int xFullPathname(sqlite3_vfs *v, const char *name, int n, char *out) {
  (void)v;
  sqlite3_snprintf(n, out, "%s", name);
  return SQLITE_OK;
}
static int xRandomness(sqlite3_vfs *v, int n, char *out) {
  static unsigned int x = 0x2545F491u;
  (void)v;
  for (int i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; out[i] = (char)x; }
  return n;
}
static int xSleep(sqlite3_vfs *v, int us) { (void)v; return us; }
static int xCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *out) {
  struct timespec ts;
  (void)v;
  clock_gettime(CLOCK_REALTIME, &ts);
  /* Julian day number in milliseconds. */
  *out = (sqlite3_int64)210866760000000LL + (sqlite3_int64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
  return SQLITE_OK;
}
static int xCurrentTime(sqlite3_vfs *v, double *out) {
  sqlite3_int64 t;
  xCurrentTimeInt64(v, &t);
  *out = t / 86400000.0;
  return SQLITE_OK;
}
static int xGetLastError(sqlite3_vfs *v, int n, char *out) { (void)v; (void)n; (void)out; return 0; }

static sqlite3_vfs wasi_vfs = {
  2, sizeof(MemFile), 512, 0, "wasi-memory", 0,
  xOpen, xDelete, xAccess, xFullPathname, 0, 0, 0, 0,
  xRandomness, xSleep, xCurrentTime, xGetLastError, xCurrentTimeInt64, 0, 0, 0,
};

int sqlite3_os_init(void) { return sqlite3_vfs_register(&wasi_vfs, 1); }
int sqlite3_os_end(void) { return SQLITE_OK; }
