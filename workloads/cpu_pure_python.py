"""CPU-bound pure Python: holds the GIL the whole time it runs.

Expect about 1x with threads on a GIL build, about Nx with processes, and
about Nx with threads on a free-threaded build.
"""

ITERATIONS = 240


def work(state):
    total = 0
    for i in range(40_000):
        total += (i * i) % 7
    return total
