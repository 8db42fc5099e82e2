"""Fails loudly if the caller's Python environment leaked into the child."""
import os
import sys

ITERATIONS = 2

LEAKS = [name for name in ("PYTHON_GIL", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONWARNINGS") if name in os.environ]
if LEAKS:
    raise RuntimeError(f"leaked into the workload: {LEAKS}")
if "/nonexistent" in sys.path:
    raise RuntimeError("PYTHONPATH reached sys.path")


def work(state):
    sum(range(1000))
