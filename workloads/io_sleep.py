"""I/O-bound: each unit waits 10 ms, in time.sleep or asyncio.sleep, which releases the GIL.

Expect about Nx everywhere, with any executor, asyncio included (N tasks on
one event loop overlap their waits).
"""
import asyncio
import time

EXPECTED_SPEEDUP = {"threads": "N", "processes": "N", "interpreters": "N", "asyncio": "N"}

ITERATIONS = 50


def work(state):
    time.sleep(0.01)


async def work_async(state):
    await asyncio.sleep(0.01)
