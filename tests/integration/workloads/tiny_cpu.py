"""A short pure-Python loop, so integration tests run quickly."""
ITERATIONS = 5


def work(state):
    total = 0
    for i in range(20_000):
        total += i % 7
    return total
