"""Pure-Python work on pyrsistent's persistent vectors (the C extension pvectorc).

pvectorc does not declare free-threading support: on a free-threaded build,
importing it switches the GIL back on, so threads scale about 1x (GIL mode
"default") unless PYTHON_GIL=0 forces it off (GIL mode "off", about Nx).
Needs a package set with pyrsistent (see matrices/default.toml).
"""

EXPECTED_SPEEDUP = {
    # On a free-threaded build the expectation is the free-threaded one: a
    # cell at about 1x there is the finding (pvectorc switched the GIL on).
    "threads": {"gil": 1, "free-threaded": "N"},
    "processes": "N",
}

import pyrsistent

ITERATIONS = 2400


def setup():
    return pyrsistent.pvector(range(1000))


def work(vector):
    total = 0
    for i in range(0, 1000, 3):
        vector = vector.set(i, vector[i] + 1)
        total += vector[i]
    return total
