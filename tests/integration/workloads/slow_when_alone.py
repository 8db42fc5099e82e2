"""Sleeps three times longer when no other worker thread has worked in the
last 50 ms: a baseline slowed by something outside the cell, so the speedup
looks impossible. Decided call by call, not by the threads that exist: a
series' process holds the 2-worker cell's threads while it takes the
1-worker samples."""
import threading
import time

ITERATIONS = 5
_last_seen = {}


def work(state):
    now = time.monotonic()
    me = threading.get_ident()
    alone = not any(now - seen < 0.05 for ident, seen in list(_last_seen.items()) if ident != me)
    _last_seen[me] = now
    time.sleep(0.03 if alone else 0.01)
