"""Contention on one shared dict: every thread updates the same 64 keys.

Free-threaded CPython protects each dict with a per-object lock, so threads
writing one dict take turns on it and the cache line holding it bounces
between cores: scaling collapses, often far below 1x, where private data would
scale about Nx. On a 2-core VM, 3.13.15t's two threads took 30-130x longer
per unit than one, most of it in the kernel waiting on the lock (so the
default matrix gives this workload short samples). With the GIL, threads are about 1x anyway. Processes and
subinterpreters each get a dict of their own (fork, or a fresh import), so
they scale about Nx: the case for sharding state per worker.
"""

EXPECTED_SPEEDUP = {
    "threads": {"gil": 1, "free-threaded": [0.01, 1.2]},
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
