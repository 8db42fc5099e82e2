"""An independent threads measurement, written without gilmatrix's runner:
N threads pinned to N cores wait on a barrier, each runs `work()` ITERATIONS
times, a sample is first start to last end; median of 5 samples; speedup =
N * t(1) / t(N). Prints one JSON line.

    python bench/hand_threads.py WORKLOAD.py WORKERS ITERATIONS
"""
import importlib.util
import json
import os
import statistics
import sys
import threading
import time


def main():
    path, workers, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    spec = importlib.util.spec_from_file_location("workload", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cores = sorted(os.sched_getaffinity(0))
    barrier = threading.Barrier(workers)
    spans = [[] for _ in range(workers)]

    def body(index):
        os.sched_setaffinity(0, {cores[index % len(cores)]})
        state = module.setup() if hasattr(module, "setup") else None
        module.work(state)
        for _ in range(5):
            barrier.wait()
            start = time.perf_counter()
            for _ in range(iterations):
                module.work(state)
            spans[index].append((start, time.perf_counter()))
        barrier.wait()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    samples = [max(s[r][1] for s in spans) - min(s[r][0] for s in spans) for r in range(5)]
    print(json.dumps({"workers": workers, "median": statistics.median(samples)}))


if __name__ == "__main__":
    main()
