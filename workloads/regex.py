"""Regular expressions: re.findall over a text (the re engine holds the GIL while it matches).

Each worker scans its own text: about 1x with threads on a GIL build, about
Nx on a free-threaded build; processes and subinterpreters about Nx everywhere.
"""
import random
import re

EXPECTED_SPEEDUP = {
    "threads": {"gil": 1, "free-threaded": "N"},
    "processes": "N",
    "interpreters": "N",
}

ITERATIONS = 40

PATTERN = re.compile(r"\b([a-z]{3,8})@([a-z]+)\.(?:com|org|net)\b")


def setup():
    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(500)]
    tlds = ["com", "org", "net", "io"]
    parts = []
    for i in range(4000):
        parts.append(rng.choice(words))
        if i % 9 == 0:
            parts.append(f"{rng.choice(words)}@{rng.choice(words)}.{rng.choice(tlds)}")
    return " ".join(parts)


def work(text):
    PATTERN.findall(text)
