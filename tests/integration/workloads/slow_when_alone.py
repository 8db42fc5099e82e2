"""Sleeps three times longer when it is the only worker thread: a baseline
slowed by something outside the cell, so the speedup looks impossible."""
import threading
import time

ITERATIONS = 5


def work(state):
    alone = threading.active_count() <= 2  # the runner's main thread and this worker
    time.sleep(0.03 if alone else 0.01)
