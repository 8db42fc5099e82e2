"""Spins half as long again in a sample that only one worker takes. On a GIL
build two threads take turns on the GIL (1.0 cores busy either way), so the
1-worker baseline is 1.5x slower per unit with the same cores busy: a
speedup of about 1.5x at 1.0 cores, which the cores ceiling says cannot be
real (a baseline slowed by something outside the cell that the cores busy do
not show).

How many workers take the current sample is read from the harness's own
frame (runner.py's `body`, local `active`), not guessed from whether another
thread happens to be inside work(): on a loaded machine the second thread
can wait for the GIL through a whole sample, which made the old guess call
both threads "alone" and the test flaky."""
import sys

ITERATIONS = 40


def spin(count):
    total = 0
    for i in range(count):
        total += i % 7
    return total


def workers_in_this_sample():
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "body" and "index" in frame.f_locals:
            return frame.f_locals.get("active", 1)  # the warm-up comes before any sample
        frame = frame.f_back
    raise RuntimeError("spins_longer_when_alone.py runs only under gilmatrix's thread runner (no 'body' frame)")


def work(state):
    return spin(30_000 if workers_in_this_sample() == 1 else 20_000)
