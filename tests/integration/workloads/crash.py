"""Dies of SIGSEGV on the first unit of work."""
import os
import signal

ITERATIONS = 1


def work(state):
    os.kill(os.getpid(), signal.SIGSEGV)
