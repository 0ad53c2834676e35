/* libc_tour.c: an ordinary wasm32-wasi C program whose allocations mostly
 * happen inside libc: stdio buffers (fopen, setvbuf'd streams), getline's
 * realloc, strdup/strndup, asprintf, qsort over strdup'd lines, opendir,
 * getenv (libc copies the environment into blocks it never frees),
 * atexit's handler blocks, and the aligned allocators. Nothing in it
 * mentions pyheap: linked with wasi/libpyheap-wasi.a before libc, every one
 * of those allocations is pyheap's; linked plainly, wasi-libc's dlmalloc
 * serves them. test/wasi.test.ts runs both and compares the output.
 *
 * Usage: libc_tour DIR   (writes DIR/words.txt, reads it back, writes DIR/out.txt) */
#define _GNU_SOURCE
#include <dirent.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_string(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned handlers_run;
static void count_exit(void) { handlers_run++; }
static void report_exit(void) { printf("atexit: %u handlers ran\n", handlers_run); }

static unsigned long fnv(const char *s, size_t n) {
  unsigned long h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1];
  char *path;
  if (asprintf(&path, "%s/words.txt", dir) < 0) return 1;

  /* The input: 600 pseudo-random words, one a line. */
  FILE *words = fopen(path, "w");
  if (!words) {
    perror(path);
    return 1;
  }
  unsigned seed = 11;
  for (int w = 0; w < 600; w++) {
    seed = seed * 1103515245u + 12345u;
    for (unsigned k = 0, len = 1 + (seed >> 8) % 80; k < len; k++) {
      seed = seed * 1103515245u + 12345u;
      fputc('a' + (seed >> 8) % 16, words);
    }
    fputc('\n', words);
  }
  fclose(words);

  /* getline reallocs its buffer; every line is strdup'd. */
  FILE *in = fopen(path, "r");
  if (!in) {
    perror(path);
    return 1;
  }
  size_t cap = 0, n = 0, room = 4;
  char *line = NULL, **lines = malloc(room * sizeof *lines);
  ssize_t len;
  while ((len = getline(&line, &cap, in)) > 0) {
    if (line[len - 1] == '\n') line[len - 1] = 0;
    if (n == room) lines = realloc(lines, (room *= 2) * sizeof *lines);
    lines[n++] = strdup(line);
  }
  free(line);
  fclose(in);
  qsort(lines, n, sizeof *lines, by_string);
  printf("%zu lines; first %s, last %s\n", n, lines[0], lines[n - 1]);

  /* A second stream with a buffer of its own size, written then re-read. */
  char *out_path;
  asprintf(&out_path, "%s/out.txt", dir);
  FILE *out = fopen(out_path, "w");
  setvbuf(out, NULL, _IOFBF, 300);
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    char *prefix = strndup(lines[i], 3);
    total += (size_t)fprintf(out, "%zu %s %s\n", i, prefix, lines[i]);
    free(prefix);
  }
  fclose(out);
  FILE *back = fopen(out_path, "rb");
  char *text = calloc(total + 1, 1);
  size_t got = fread(text, 1, total + 1, back);
  fclose(back);
  printf("wrote %zu bytes, read %zu, fnv %08lx\n", total, got, fnv(text, got));
  free(text);

  /* opendir allocates its DIR and buffer; count entries, sorted names. */
  DIR *d = opendir(dir);
  size_t entries = 0;
  for (struct dirent *e; (e = readdir(d));) entries += e->d_name[0] != '.';
  closedir(d);
  printf("%zu entries in %s\n", entries, dir);

  /* getenv: libc builds its environment array on first use (wasi-libc) or
   * at start-up (emscripten), in blocks of its own. */
  printf("getenv: PYHEAP_TOUR_NEVER_SET is %s\n", getenv("PYHEAP_TOUR_NEVER_SET") ? "set" : "unset");

  /* Aligned allocation, every way libc offers it. */
  void *a = aligned_alloc(64, 1000), *m = aligned_alloc(256, 40), *p = NULL;
  int rc = posix_memalign(&p, 4096, 5000);
  int bad = posix_memalign(&p, 24, 10);
  printf("aligned: %d %d %d rc=%d bad=%s usable>=%d\n", (int)((uintptr_t)a % 64),
         (int)((uintptr_t)m % 256), (int)((uintptr_t)p % 4096), rc, bad ? "EINVAL" : "ok",
         malloc_usable_size(a) >= 1000);
  free(a);
  free(m);
  free(p);

  /* More handlers than musl's static table holds: the rest are calloc'd. */
  atexit(report_exit);
  for (int i = 0; i < 40; i++) atexit(count_exit);

  /* A burst of small and large blocks, freed out of order. */
  unsigned long sum = 0;
  char *blocks[500];
  for (int i = 0; i < 500; i++) {
    size_t size = (size_t)(i * 37 % 700) + (i % 50 == 0 ? 20000 : 1);
    blocks[i] = malloc(size);
    memset(blocks[i], i & 0xff, size);
    sum += size;
  }
  for (int i = 0; i < 500; i += 2) free(blocks[i]);
  for (int i = 1; i < 500; i += 2) {
    blocks[i] = realloc(blocks[i], 900);
    sum += (unsigned char)blocks[i][0];
    free(blocks[i]);
  }
  printf("burst: %lu\n", sum);

  for (size_t i = 0; i < n; i++) free(lines[i]);
  free(lines);
  free(path);
  free(out_path);
  return 0;
}
