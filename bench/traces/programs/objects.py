"""objects: an object-heavy script. Classes with __dict__ and __slots__,
many small instances held in lists and dicts, a binary tree built and torn
down, string building, reference cycles reclaimed by gc.collect().

Deterministic (seeded); uses only the stdlib."""
import gc
import random

rng = random.Random(7)
SCALE = 1


class Point:  # ordinary class: instance __dict__
    def __init__(self, x, y):
        self.x = x
        self.y = y
        self.label = f"p{x},{y}"


class Slotted:  # no __dict__
    __slots__ = ("a", "b", "c")

    def __init__(self, a, b, c):
        self.a, self.b, self.c = a, b, c


class Node:
    def __init__(self, key, parent=None):
        self.key = key
        self.parent = parent  # cycle: child -> parent -> child
        self.left = None
        self.right = None
        self.payload = [key] * (key % 5)


def insert(root, key):
    node = root
    while True:
        side = "left" if key < node.key else "right"
        nxt = getattr(node, side)
        if nxt is None:
            setattr(node, side, Node(key, node))
            return
        node = nxt


for phase in range(3):
    # 1. many small instances in lists and dicts
    points = [Point(rng.randint(0, 999), rng.randint(0, 999)) for _ in range(10000 * SCALE)]
    slots = [Slotted(i, str(i), (i, i + 1)) for i in range(10000 * SCALE)]
    index = {p.label: p for p in points}
    by_x = {}
    for p in points:
        by_x.setdefault(p.x, []).append(p)
    # drop every other point: holes in the heap
    del points[::2]
    index = {k: v for k, v in index.items() if v.x % 2}

    # 2. a tree with parent back-links (cycles), built then torn down
    root = Node(500000)
    for _ in range(8000 * SCALE):
        insert(root, rng.randint(0, 10**6))
    del root
    collected = gc.collect()

    # 3. string building
    parts = []
    for i in range(15000 * SCALE):
        parts.append(f"{i}:{rng.random():.6f}")
    blob = ",".join(parts)
    words = blob.split(",")
    acc = ""
    for w in words[:3000]:
        acc += w  # in-place str resize (realloc) when refcount allows
    print(f"phase {phase}: {len(points)} points, {len(slots)} slotted, "
          f"{len(by_x)} buckets, gc collected {collected}, blob {len(blob)}, acc {len(acc)}")
    del points, slots, index, by_x, parts, blob, words, acc
    gc.collect()
