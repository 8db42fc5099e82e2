"""gilmatrix noise-floor probe.

Times a fixed pure-Python loop, first on one core alone, then on every given
core at once (one forked process per core, each pinned), so gilmatrix can tell
how much this machine's own noise moves a sample and a ratio of two samples
before any cell is measured. Also brackets the whole probe with the /proc/stat
lines of the cores, for the hypervisor's steal. Writes one JSON object to
--output.
"""
import argparse
import json
import os
import time


def loop(iterations):
    total = 0
    for i in range(iterations):
        total += i % 7
    return total


def pin(cpu):
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


def samples(iterations, count):
    out = []
    for _ in range(count):
        start = time.perf_counter()
        loop(iterations)
        out.append(time.perf_counter() - start)
    return out


def calibrate(seconds):
    iterations = 10_000
    while True:
        start = time.perf_counter()
        loop(iterations)
        elapsed = time.perf_counter() - start
        if elapsed >= 0.05:
            return max(1, int(iterations * seconds / elapsed))
        iterations *= 4


def stat_lines(cpus):
    try:
        with open("/proc/stat") as stat:
            lines = [line.strip() for line in stat if line.startswith("cpu") and line[3:4].isdigit()]
    except OSError:
        return []
    return [line for line in lines if int(line.split()[0][3:]) in cpus]


def all_cores(cpus, iterations, count):
    """Every core at once: one forked child per core; returns their samples."""
    children = []
    for cpu in cpus:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                pin(cpu)
                data = json.dumps(samples(iterations, count)).encode()
                os.write(write, data)
            finally:
                os._exit(0)
        os.close(write)
        children.append((pid, read))
    out = []
    for pid, read in children:
        chunks = []
        while True:
            chunk = os.read(read, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(read)
        os.waitpid(pid, 0)
        out.append(json.loads(b"".join(chunks) or b"[]"))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpus", required=True)
    parser.add_argument("--sample-seconds", type=float, default=0.1)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    cpus = [int(c) for c in args.cpus.split(",") if c]
    pin(cpus[0])
    before = stat_lines(set(cpus))
    iterations = calibrate(args.sample_seconds)
    loop(iterations)  # warm-up
    one = samples(iterations, args.samples)
    every = all_cores(cpus, iterations, args.samples) if len(cpus) > 1 else [one]
    result = {"iterations": iterations, "one_core": one, "all_cores": every,
              "stat_before": before, "stat_after": stat_lines(set(cpus)),
              "clock_ticks_per_second": os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100}
    with open(args.output, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
