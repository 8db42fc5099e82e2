"""JSON round trip: json.dumps and json.loads of a nested document (the C accelerator holds the GIL).

Each worker encodes and decodes its own document: about 1x with threads on a
GIL build, about Nx on a free-threaded build; processes and subinterpreters
about Nx everywhere.
"""
import json

EXPECTED_SPEEDUP = {
    "threads": {"gil": 1, "free-threaded": "N"},
    "processes": "N",
    "interpreters": "N",
}

ITERATIONS = 60


def setup():
    return {
        "items": [{"id": i, "name": f"item-{i}", "tags": ["a", "b", str(i % 7)], "price": i * 0.25,
                   "stock": {"warehouse": i % 3, "count": i * 11}} for i in range(300)],
        "meta": {"version": 3, "source": "gilmatrix"},
    }


def work(document):
    json.loads(json.dumps(document))
