/* What wasi-libc lacks and Lua's io and os libraries call: no processes and
 * no anonymous temporary files in WASI, so io.tmpfile() and os.execute()
 * fail as they do on a system without them. */
#include <errno.h>
#include <stdio.h>

FILE *tmpfile(void) { errno = ENOTSUP; return NULL; }
int system(const char *command) { return command ? (errno = ENOTSUP, -1) : 0; }
