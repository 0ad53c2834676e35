# The Python side of the objects and gc suites: the same shapes as
# shapes.js builds through pyheap's facade, timed inside Python with
# time.perf_counter_ns() around the same phases, so interpreter start-up
# (python3) or loading (Pyodide) is not counted.
#
#   python3 bench/suites/objects/shapes.py '{"shape": "lists", "n": 1000000, "reps": 5, "warmup": 1}'
#
# prints one JSON object: {"phases": {phase: [ns per timed rep]}, ...}.
# Pyodide runs this same file (pyodide-runner.js calls run_json()).
#
# Each shape is a generator function: it yields a phase name right before
# the work to be timed, and the timing of that phase ends at the next
# yield (or at the end). Work after the last phase's end is done by a
# final "untimed" yield.
import gc
import json
import sys
import time
import tracemalloc


class C:
    pass


def rss_bytes():
    # Resident set size from /proc (Linux python3); None elsewhere (Pyodide).
    try:
        with open("/proc/self/statm") as f:
            import os
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except Exception:
        return None


# Two shared payload objects, as shapes.js's str and float.
A = "a value"
B = 2.5


def lists(n, st):
    yield "build"
    holder = []
    for _ in range(n):
        holder.append([A, B])
    st["peak"] = rss_bytes()
    yield "teardown"
    del holder


def instances(n, st):
    yield "build"
    holder = []
    for _ in range(n):
        o = C()
        o.x = A
        o.y = B
        holder.append(o)
    st["peak"] = rss_bytes()
    yield "teardown"
    del holder, o


def dict_entries(n, st):
    yield "build"
    d = {}
    for i in range(n):
        d[i] = A
    st["peak"] = rss_bytes()
    yield "teardown"
    del d


def chain(n, st):
    # head = [[[...[None]...]]], n lists deep. Teardown is the deep
    # deallocation (CPython's trashcan keeps it off the C stack).
    yield "build"
    head = None
    for _ in range(n):
        head = [head]
    st["peak"] = rss_bytes()
    yield "teardown"
    del head


def tuples(n, st):
    # One tuple alive at a time: the previous one dies when t is rebound.
    a, b = A, B
    yield "churn"
    for _ in range(n):
        t = (a, b)


def tracemalloc_churn(n, st):
    # The same churn untraced and under tracemalloc (Python has no sampling mode).
    a, b = A, B
    yield "untraced"
    for _ in range(n):
        t = (a, b)
    tracemalloc.start()
    yield "exact"
    for _ in range(n):
        t = (a, b)
    yield "untimed"
    tracemalloc.stop()


def tracemalloc_ints(n, st):
    # Every iteration makes (and frees) an int and a tuple.
    yield "untraced"
    for i in range(n):
        x = 1000 + i
        t = (x, x)
    tracemalloc.start()
    yield "exact"
    for i in range(n):
        x = 1000 + i
        t = (x, x)
    yield "untimed"
    tracemalloc.stop()



# ------------------------------------------------------------- gc suite
# Automatic collection is off while these shapes build (run() turns it off),
# so only the collect() calls being timed collect.

def gc_full(n, st):
    # A full collection over n live containers (lists), nothing to free.
    holder = [[A, B] for _ in range(n)]
    gc.collect()
    yield "collect"
    gc.collect()
    yield "untimed"
    del holder


def gc_young(n, st):
    # A young-generation collection: `young` new lists in generation 0,
    # n older live lists behind them (in the older generations).
    young = st["young"]
    holder = [[A, B] for _ in range(n)]
    gc.collect()
    fresh = [[A, B] for _ in range(young)]
    yield "collect0"
    gc.collect(0)
    yield "untimed"
    del holder, fresh


def gc_cycles(n, st):
    # n 2-cycles plus n/10 rings of 10 lists, all unreachable: the
    # collection finds and frees 2n + 10 * (n/10) = 3n lists.
    for _ in range(n):
        x = [A]
        y = [x]
        x.append(y)
    for _ in range(n // 10):
        first = prev = [A]
        for _ in range(9):
            prev = [prev]
        first.append(prev)
    del x, y, first, prev
    yield "collect"
    st["found"] = gc.collect()


SHAPES = {
    "lists": lists,
    "instances": instances,
    "dict": dict_entries,
    "chain": chain,
    "tuples": tuples,
    "tracemalloc": tracemalloc_churn,
    "tracemalloc-ints": tracemalloc_ints,
    "gc-full": gc_full,
    "gc-young": gc_young,
    "gc-cycles": gc_cycles,
}


def phase_hook(phase):
    # Pyodide's runner replaces this to learn which phase a crash hit.
    pass


def run_once(shape, n, st):
    phases = {}
    current, t0 = None, 0
    for phase in SHAPES[shape](n, st):
        t = time.perf_counter_ns()
        if current is not None and current != "untimed":
            phases[current] = t - t0
        phase_hook(phase)
        current, t0 = phase, time.perf_counter_ns()
    if current is not None and current != "untimed":
        phases[current] = time.perf_counter_ns() - t0
    return phases


def run(spec):
    shape, n = spec["shape"], spec["n"]
    is_gc = shape.startswith("gc-")
    out = {"phases": {}, "version": sys.version.split()[0], "implementation": sys.platform,
           "gcThresholds": list(gc.get_threshold()), "memory": None, "found": []}
    was_enabled = gc.isenabled()
    if is_gc:
        gc.disable()
    try:
        for rep in range(spec["warmup"] + spec["reps"]):
            gc.collect()  # start every rep from the same state (untimed)
            st = {"young": spec.get("young", 0)}
            before = rss_bytes()
            phases = run_once(shape, n, st)
            # RSS growth over the build of the first rep (warm-up or not):
            # in a fresh process, as pyheap's is on a fresh heap. Later reps
            # reuse arenas kept from earlier ones and would show less.
            if rep == 0 and before is not None and st.get("peak") is not None:
                out["memory"] = st["peak"] - before
            if rep < spec["warmup"]:
                continue
            for k, v in phases.items():
                out["phases"].setdefault(k, []).append(v)
            if "found" in st:
                out["found"].append(st["found"])
    finally:
        if was_enabled:
            gc.enable()
    return out


def run_json(spec_json):
    return json.dumps(run(json.loads(spec_json)))


if __name__ == "__main__" and len(sys.argv) > 1:
    print(run_json(sys.argv[1]))
