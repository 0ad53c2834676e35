/* binary_trees.c: the Benchmarks Game's binary-trees, written for pyheap.
 *
 * Built with no libc (-nostdlib): malloc, calloc, realloc and free are
 * pyheap's, imported from the module "pyheap" (include/pyheap.h). The tree
 * nodes are pymalloc's small blocks; the report is built in a string that
 * grows by realloc (a large block once it passes 512 bytes), then handed to
 * the host's env.write in one call.
 *
 * Exports: run(n) builds the trees for max depth n and returns 0, or a
 * pyheap error code if pyheap_init or an allocation failed.
 */
#include "pyheap.h"

/* wasm-ld places this symbol after our data and stack: pyheap's heap
 * starts there. */
extern unsigned char __heap_base;

__attribute__((import_module("env"), import_name("write")))
void host_write(const char *text, size_t length);

/* ---- a string builder on realloc ----------------------------------------- */

typedef struct {
  char *data;
  size_t length, capacity;
  int failed; /* an allocation failed: the text is incomplete */
} builder;

static void append(builder *b, const char *s, size_t n) {
  if (b->failed) return;
  if (b->length + n > b->capacity) {
    size_t capacity = b->capacity ? b->capacity * 2 : 16;
    while (capacity < b->length + n) capacity *= 2;
    char *grown = realloc(b->data, capacity); /* NULL leaves b->data valid */
    if (!grown) { b->failed = 1; return; }
    b->data = grown;
    b->capacity = capacity;
  }
  for (size_t i = 0; i < n; i++) b->data[b->length + i] = s[i];
  b->length += n;
}

static void append_text(builder *b, const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  append(b, s, n);
}

static void append_int(builder *b, long v) {
  char digits[24];
  int i = sizeof digits;
  unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
  do digits[--i] = (char)('0' + u % 10); while (u /= 10);
  if (v < 0) digits[--i] = '-';
  append(b, digits + i, sizeof digits - i);
}

/* ---- the trees ------------------------------------------------------------ */

typedef struct node {
  struct node *left, *right;
} node;

static void delete_tree(node *n);

/* A full tree of the given depth, or NULL if memory ran out (whatever
 * was built is freed). */
static node *bottom_up(int depth) {
  node *n = malloc(sizeof *n);
  if (!n) return 0;
  n->left = n->right = 0;
  if (depth > 0) {
    n->left = bottom_up(depth - 1);
    n->right = n->left ? bottom_up(depth - 1) : 0;
    if (!n->right) {
      if (n->left) delete_tree(n->left); /* the half that was built */
      free(n);
      return 0;
    }
  }
  return n;
}

static void delete_tree(node *n) {
  if (n->left) {
    delete_tree(n->left);
    delete_tree(n->right);
  }
  free(n);
}

static long check(const node *n) {
  return n->left ? 1 + check(n->left) + check(n->right) : 1;
}

static void report(builder *b, const char *label, int depth, long chk) {
  append_text(b, label);
  append_int(b, depth);
  append_text(b, "\t check: ");
  append_int(b, chk);
  append_text(b, "\n");
}

__attribute__((export_name("run")))
int run(int n) {
  int e = pyheap_init((uintptr_t)&__heap_base, 0);
  if (e) return e;

  builder out = {0, 0, 0, 0};
  const int min_depth = 4;
  const int max_depth = n > min_depth + 2 ? n : min_depth + 2;

  node *stretch = bottom_up(max_depth + 1);
  if (!stretch) return PYHEAP_ERR_OUT_OF_MEMORY;
  report(&out, "stretch tree of depth ", max_depth + 1, check(stretch));
  delete_tree(stretch);

  node *long_lived = bottom_up(max_depth);
  if (!long_lived) return PYHEAP_ERR_OUT_OF_MEMORY;

  /* One result per depth, kept in a calloc'd array until printed. */
  int rows = (max_depth - min_depth) / 2 + 1;
  long *checks = calloc(rows, sizeof *checks);
  if (!checks) return PYHEAP_ERR_OUT_OF_MEMORY;
  for (int d = min_depth, row = 0; d <= max_depth; d += 2, row++) {
    long iterations = 1L << (max_depth - d + min_depth);
    for (long i = 0; i < iterations; i++) {
      node *t = bottom_up(d);
      if (!t) return PYHEAP_ERR_OUT_OF_MEMORY;
      checks[row] += check(t);
      delete_tree(t);
    }
    append_int(&out, iterations);
    report(&out, "\t trees of depth ", d, checks[row]);
  }
  free(checks);

  report(&out, "long lived tree of depth ", max_depth, check(long_lived));
  delete_tree(long_lived);

  if (out.failed) { free(out.data); return PYHEAP_ERR_OUT_OF_MEMORY; }
  host_write(out.data, out.length);
  free(out.data);
  return 0;
}
