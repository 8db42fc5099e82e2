"""Sleeps for a long time per unit, so a test can interrupt a run in progress."""
import time

ITERATIONS = 1


def work(state):
    time.sleep(30)
