"""An independent paired measurement of free-threading overhead, for
bench/against_hand_run.sh: persistent worker processes, one per interpreter,
both pinned to one core, each timing one unit batch of a workload when told;
pairs in random order. The workers are started afresh for every process pair
(PROCESSES of them, PAIRS pairs each): one pair of processes gives a ratio
that does not come out the same for the next pair (on 3.13.15t/3.13.15
cpu_pure_python six single process pairs gave 43.2% to 50.4%, each with an
interval of about ±1.5 points), so the figure is the median over process
pairs of each pair's median ratio (free-threaded over GIL), with a bootstrap
interval over process pairs. Each worker process gets an environment padding
of random size (0-4095 bytes in steps of 16): the environment's size moves the
process's stack and with it the interpreter's layout (padding alone moved
3.13.15t's overhead between 38% and 49%), so a figure over process pairs is one
over layouts too, as gilmatrix's is. It shares no code with gilmatrix's harness.

    python3 hand_overhead.py GIL_PYTHON FT_PYTHON WORKLOAD.py ITERATIONS [PAIRS] [CPU] [PROCESSES]
"""
import json
import random
import statistics
import subprocess
import sys

WORKER = r"""
import importlib.util, os, sys, time
os.sched_setaffinity(0, {int(sys.argv[3])})
spec = importlib.util.spec_from_file_location("w", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
state = module.setup() if hasattr(module, "setup") else None
iterations = int(sys.argv[2])
module.work(state)
for line in sys.stdin:
    start = time.perf_counter()
    for _ in range(iterations):
        module.work(state)
    print(time.perf_counter() - start, flush=True)
"""


def process_pair_ratio(gil, ft, workload, iterations, pairs, cpu):
    """The median ratio of `pairs` random-order pairs from one fresh pair of worker processes."""
    def env():
        return {"PATH": "/usr/bin:/bin", "HAND_LAYOUT_PADDING": "x" * (16 * random.randrange(256))}

    workers = {name: subprocess.Popen([python, "-c", WORKER, workload, iterations, cpu], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True, env=env())
               for name, python in (("gil", gil), ("ft", ft))}

    def sample(name):
        worker = workers[name]
        worker.stdin.write("go\n")
        worker.stdin.flush()
        return float(worker.stdout.readline())

    ratios = []
    for _ in range(pairs):
        order = ["gil", "ft"]
        random.shuffle(order)
        taken = {name: sample(name) for name in order}
        ratios.append(taken["ft"] / taken["gil"])
    for worker in workers.values():
        worker.stdin.close()
        worker.wait()
    return statistics.median(ratios)


def main():
    gil, ft, workload, iterations = sys.argv[1:5]
    pairs = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    cpu = sys.argv[6] if len(sys.argv) > 6 else "0"
    processes = int(sys.argv[7]) if len(sys.argv) > 7 else 8
    ratios = [process_pair_ratio(gil, ft, workload, iterations, pairs, cpu) for _ in range(processes)]
    rng = random.Random(1)
    medians = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(2000))
    print(json.dumps({"overhead": statistics.median(ratios) - 1, "low": medians[50] - 1, "high": medians[1949] - 1,
                      "pairs": pairs, "processes": processes}))


if __name__ == "__main__":
    main()
