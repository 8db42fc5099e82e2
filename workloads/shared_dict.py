"""Contention on one shared dict: every thread updates the same 64 keys.

Free-threaded CPython protects each dict with a per-object lock, so threads
writing one dict take turns on it and the cache line holding it bounces
between cores: scaling collapses (about 1x or below) where private data would
scale about Nx. With the GIL, threads are about 1x anyway. Processes and
subinterpreters each get a dict of their own (fork, or a fresh import), so
they scale about Nx: the case for sharding state per worker.
"""

EXPECTED_SPEEDUP = {
    "threads": {"gil": 1, "free-threaded": [0.2, 1.2]},
    "processes": "N",
    "interpreters": "N",
}

ITERATIONS = 40

SHARED = {}


def work(state):
    shared = SHARED
    for i in range(20_000):
        key = i & 63
        shared[key] = shared.get(key, 0) + 1
