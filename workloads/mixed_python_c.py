"""Half pure Python, half GIL-releasing C (SHA-256 of a buffer) in every unit of work.

With the GIL the Python halves of N threads run one at a time while the C
halves overlap: Amdahl's law with a serial share of about one half gives
about 2N/(N+1) (1.33x at 2 workers, 1.6x at 4). A free-threaded build runs
both halves in parallel: about Nx. Processes and subinterpreters: about Nx.
"""
import hashlib

EXPECTED_SPEEDUP = {
    "threads": {"gil": {"serial": 0.5}, "free-threaded": "N"},
    "processes": "N",
    "interpreters": "N",
}

ITERATIONS = 60


def setup():
    return bytes(1024 * 1024)


def work(buffer):
    total = 0
    for i in range(12_000):
        total += (i * i) % 7
    hashlib.sha256(buffer).digest()
    return total
