"""Sleeps three times longer when no other worker thread is inside work():
a baseline slowed by something outside the cell, so the speedup looks
impossible. Decided call by call, not by the threads that exist: a series'
process holds the 2-worker cell's threads, idle, while it takes the 1-worker
samples."""
import threading
import time

ITERATIONS = 5
_inside = 0
_lock = threading.Lock()


def work(state):
    global _inside
    with _lock:
        _inside += 1
        alone = _inside == 1
    try:
        time.sleep(0.03 if alone else 0.01)
    finally:
        with _lock:
            _inside -= 1
