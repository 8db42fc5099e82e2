"""Appends, for every unit of a timed sample, how many workers take the
sample and the core the unit ran on (the worker thread's affinity, one core
when the runner pins it) to cores.txt beside the copy of this file that the
test wrote. Read through the harness's own frame (runner.py's `body`,
locals `active` and `repeat`): the warm-up, before any sample, is not
recorded."""
import os
import sys

ITERATIONS = 2


def sample_in_progress():
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "body" and "repeat" in frame.f_locals:
            return frame.f_locals["active"]
        frame = frame.f_back
    return None


def work(state):
    active = sample_in_progress()
    if active is None:
        return
    cores = ",".join(str(c) for c in sorted(os.sched_getaffinity(0)))
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cores.txt"), "a") as out:
        out.write(f"{active} {cores}\n")
