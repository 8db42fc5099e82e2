#!/usr/bin/env python3
"""Do the cores of this machine run at the same speed, and for how long not?

Times one pure-Python loop pinned to each core in turn, round after round,
for --seconds, and prints per window of --window seconds each core's median
time and the slowest core's speed against the fastest's. On a VM a vCPU
whose host core is shared (its hyperthread sibling busy with another
guest's work) runs slower with nothing in /proc/stat to show it: no steal,
no other process. That is why runner.py takes a narrower cell's samples on
every core of its process in turn (sample_takers): a 1-worker baseline always
on the first core made the speedups depend on which core the host slowed.

  bench/core_speeds.py [--python PYTHON] [--seconds 60] [--window 5]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

LOOP = """
import os, sys, time
cores = [int(c) for c in sys.argv[1].split(",")]
end = time.monotonic() + float(sys.argv[2])
def spin(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total
while time.monotonic() < end:
    for core in cores:
        os.sched_setaffinity(0, {core})
        start = time.perf_counter()
        spin(1_000_000)
        print(f"{time.monotonic():.3f} {core} {time.perf_counter() - start:.6f}", flush=True)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--window", type=float, default=5)
    args = parser.parse_args()
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        sys.exit(f"this process may run on {len(cores)} core: nothing to compare")
    out = subprocess.run([args.python, "-c", LOOP, ",".join(map(str, cores)), str(args.seconds)],
                         capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()]
    start = float(rows[0][0])
    windows = {}
    for stamp, core, seconds in rows:
        windows.setdefault(int((float(stamp) - start) // args.window), {}).setdefault(int(core), []).append(
            float(seconds))
    print(f"{args.python}: one 1,000,000-step loop per core in turn, {len(rows)} loops, cores {cores}")
    print("window  " + "  ".join(f"core {c} ms" for c in cores) + "  slowest/fastest speed")
    slow_windows = 0
    for index in sorted(windows):
        medians = {c: statistics.median(windows[index][c]) for c in cores if c in windows[index]}
        if len(medians) < len(cores):
            continue
        speed = min(medians.values()) / max(medians.values())
        slow_windows += speed < 0.8
        print(f"{index * args.window:5.0f}s  " + "  ".join(f"{medians[c] * 1000:9.1f}" for c in cores)
              + f"  {speed:6.2f}")
    print(f"windows with a core below 80% of the fastest's speed: {slow_windows} of {len(windows)}")


if __name__ == "__main__":
    main()
