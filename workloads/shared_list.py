"""Contention on one shared list: every thread appends to and pops from the same list.

Like shared_dict.py: on a free-threaded build the list's per-object lock and
its cache line are shared by every thread, so threads scale about 1x or below
there; with the GIL about 1x; processes and subinterpreters, each with a list
of its own, about Nx.
"""

EXPECTED_SPEEDUP = {
    "threads": {"gil": 1, "free-threaded": [0.2, 1.2]},
    "processes": "N",
    "interpreters": "N",
}

ITERATIONS = 40

SHARED = []


def work(state):
    shared = SHARED
    for i in range(20_000):
        shared.append(i)
        shared.pop()
