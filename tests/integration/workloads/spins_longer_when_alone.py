"""Spins half as long again when no other worker thread is inside work().
On a GIL build two threads take turns on the GIL (1.0 cores busy either
way), so the 1-worker baseline is 1.5x slower per unit with the same cores
busy: a speedup of about 1.5x at 1.0 cores, which the cores ceiling says
cannot be real (a baseline slowed by something outside the cell that the
cores busy do not show). Decided call by call: a series' process holds the
2-worker cell's threads, idle, while it takes the 1-worker samples."""
import threading

ITERATIONS = 40
_inside = 0
_lock = threading.Lock()


def spin(count):
    total = 0
    for i in range(count):
        total += i % 7
    return total


def work(state):
    global _inside
    with _lock:
        _inside += 1
        alone = _inside == 1
    try:
        return spin(30_000 if alone else 20_000)
    finally:
        with _lock:
            _inside -= 1
