"""GIL-releasing C code: zlib.compress releases the GIL while it compresses.

Expect about Nx everywhere, threads included.
"""

EXPECTED_SPEEDUP = {"threads": "N", "processes": "N", "interpreters": "N"}

import random
import zlib

ITERATIONS = 10


def setup():
    rng = random.Random(1234)
    words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(2000)]
    # ~120 KiB of text, repeated: beyond zlib's 32 KiB window the repetition does not help it.
    return b" ".join(rng.choice(words) for _ in range(20_000)) * 20


def work(data):
    zlib.compress(data, 6)
