"""Calls atomic_counter.add() (tests/fixtures/extensions/atomic_counter: the
racy counter's twin, counted atomically) in a loop: no race to report."""
import atomic_counter

ITERATIONS = 2


def work(state):
    for _ in range(2_000):
        atomic_counter.add()
