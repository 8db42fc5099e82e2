"""GIL-releasing C code: hashlib hashes buffers over 2 KiB with the GIL released.

Expect about Nx everywhere, threads included.
"""
import hashlib
import os

ITERATIONS = 60


def setup():
    return os.urandom(8 * 1024 * 1024)


def work(buffer):
    hashlib.sha256(buffer).digest()
