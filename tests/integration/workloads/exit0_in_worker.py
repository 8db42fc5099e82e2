"""Ends its worker process with os._exit(0) on the first unit of work: a clean
exit, but before the worker reported its samples."""
import os

ITERATIONS = 1


def work(state):
    os._exit(0)
