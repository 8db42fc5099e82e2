"""CPU-bound pure Python: holds the GIL the whole time it runs.

Expect about 1x with threads on a GIL build, about Nx with processes, and
about Nx with threads on a free-threaded build.
"""

EXPECTED_SPEEDUP = {
    "threads": {"gil": 1, "free-threaded": "N"},
    "processes": "N",
    "interpreters": "N",
    # The pools run the same batches; their dispatch cost is small beside a batch.
    "thread-pool": {"gil": 1, "free-threaded": "N"},
    "process-pool": "N",
    "interpreter-pool": "N",
}


ITERATIONS = 240


def work(state):
    total = 0
    for i in range(40_000):
        total += (i * i) % 7
    return total
