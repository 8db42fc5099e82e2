"""GIL-releasing C code: hashlib hashes buffers over 2 KiB with the GIL released.

Expect about Nx everywhere, threads included.
"""

EXPECTED_SPEEDUP = {"threads": "N", "processes": "N", "interpreters": "N"}

import hashlib

ITERATIONS = 90


def setup():
    # SHA-256 runs at the same speed whatever the bytes are; zeros cost nothing to make.
    return bytes(8 * 1024 * 1024)


def work(buffer):
    hashlib.sha256(buffer).digest()
