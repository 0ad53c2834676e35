#include <stdio.h>
#include <stdlib.h>
#define LUAI_THROW(L,c) (fputs("lua: error raised; this build aborts on errors (no setjmp in wasm32-wasi)\n", stderr), abort())
#define LUAI_TRY(L,c,a) { a }
#define luai_jmpbuf int
/* No temporary file names in WASI: os.tmpname fails. */
#define LUA_TMPNAMBUFSIZE 32
#define lua_tmpnam(b,e) { (void)(b); e = 1; }
