"""Calls racy_counter.add() (tests/fixtures/extensions/racy_counter: a
module that declares Py_MOD_GIL_NOT_USED and bumps a plain global) in a
loop: two workers on a free-threaded build race on the global."""
import racy_counter

ITERATIONS = 2


def work(state):
    for _ in range(2_000):
        racy_counter.add()
