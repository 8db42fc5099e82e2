"""Fails only when PYTHON_GIL=0 forces the GIL off.

A deterministic stand-in for an extension module that is not thread-safe
without the GIL (pyrsistent's pvectorc raises SystemError under PYTHON_GIL=0
with 2 threads on 3.13t, but only sometimes): tests can rely on this one.
"""
import os

ITERATIONS = 5


def work(state):
    if os.environ.get("PYTHON_GIL") == "0":
        raise SystemError("error return without exception set (simulated: this workload fails under PYTHON_GIL=0)")
    total = 0
    for i in range(20_000):
        total += i % 7
    return total
