"""compile_stdlib: byte-compile a fixed set of standard-library modules in
memory with compile(source, path, "exec"); nothing is written to disk.

The set is deterministic: the stdlib's top-level *.py files sorted by name,
every STRIDE-th one, up to COUNT files. Exercises the tokenizer, parser,
AST, symtable and compiler (lots of short-lived small nodes, growing
arrays via realloc, code objects, interned strings)."""
import os
import sysconfig

COUNT = 60
STRIDE = 3

libdir = sysconfig.get_paths()["stdlib"]
names = sorted(n for n in os.listdir(libdir)
               if n.endswith(".py") and os.path.isfile(os.path.join(libdir, n)))
chosen = names[::STRIDE][:COUNT]

total_bytes = 0
codes = []
for name in chosen:
    path = os.path.join(libdir, name)
    with open(path, "rb") as f:
        source = f.read()
    total_bytes += len(source)
    codes.append(compile(source, path, "exec", dont_inherit=True))
    if len(codes) > 8:  # keep a few code objects alive, drop older ones
        codes.pop(0)
print(f"compiled {len(chosen)} files, {total_bytes} bytes: {chosen[0]} .. {chosen[-1]}")
