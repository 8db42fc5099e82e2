"""Ends its worker process with os._exit(3) on the first unit of work."""
import os

ITERATIONS = 1


def work(state):
    os._exit(3)
