"""json_roundtrip: build a deterministic nested document (~1-1.3 MB of JSON),
then json.dumps / json.loads it a few times and check the round trip.

Exercises: many small dicts/lists/str/int/float objects, string building in
the C encoder, and the decoder's allocation of fresh objects on loads."""
import json
import random

ROUNDS = 3
N_RECORDS = 1500  # -> ~1 MB of JSON text per dump (trace budget: ~3M ops)

rng = random.Random(20240531)
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
         "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho",
         "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]


def text(lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def record(i):
    return {
        "id": i,
        "name": text(1, 3).title(),
        "email": f"user{i}@example.{rng.choice(['org', 'com', 'net'])}",
        "active": rng.random() < 0.7,
        "score": round(rng.uniform(0, 100), 3),
        "tags": [rng.choice(WORDS) for _ in range(rng.randint(0, 6))],
        "location": {"lat": rng.uniform(-90, 90), "lon": rng.uniform(-180, 180),
                     "city": text(1, 2)},
        "history": [{"t": 1_600_000_000 + rng.randint(0, 10**8),
                     "value": rng.randint(-1000, 1000),
                     "note": text(0, 8) or None}
                    for _ in range(rng.randint(0, 8))],
        "matrix": [[rng.randint(0, 99) for _ in range(4)] for _ in range(rng.randint(0, 3))],
        "bio": text(5, 40),
    }


doc = {"version": 1, "generator": "pyheap json_roundtrip",
       "records": [record(i) for i in range(N_RECORDS)]}

for r in range(ROUNDS):
    s = json.dumps(doc, indent=None if r % 2 == 0 else 1, sort_keys=(r == 2))
    back = json.loads(s)
    assert back == doc
    print(f"round {r}: {len(s)} chars")
    del s, back
