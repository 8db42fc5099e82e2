"""Fails when it runs alone (1 worker) and measures with 2: a round group
whose first cell fails while the others go on. A series' process that is
to take 1-worker samples fails as a whole, and its cells are then measured
one process each, where only the 1-worker one fails."""
import sys


def _argument(name):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else ""


ITERATIONS = 2
ALONE = _argument("--workers") == "1" or "1" in _argument("--schedule").split(",")


def work(state):
    if ALONE:
        raise RuntimeError("fails alone (simulated)")
    return sum(i % 7 for i in range(20_000))
