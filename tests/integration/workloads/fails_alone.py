"""Fails when it runs alone (1 worker) and measures with 2: a round group
whose first cell fails while the others go on."""
import sys

ITERATIONS = 2
ALONE = sys.argv[sys.argv.index("--workers") + 1] == "1" if "--workers" in sys.argv else False


def work(state):
    if ALONE:
        raise RuntimeError("fails alone (simulated)")
    return sum(i % 7 for i in range(20_000))
