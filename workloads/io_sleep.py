"""I/O-bound: each unit waits 10 ms in time.sleep, which releases the GIL.

Expect about Nx everywhere, with any executor.
"""
import time

ITERATIONS = 50


def work(state):
    time.sleep(0.01)
