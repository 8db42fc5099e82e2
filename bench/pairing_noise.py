#!/usr/bin/env python3
"""How precisely a speedup can be known per second of measuring, by design.

Runs gilmatrix's own runner.py (from src/harness/python) on one interpreter,
workload and executor and takes the speedup 1 -> N workers three ways, in
blocks that alternate between the designs so that the host's mood falls on
all of them alike:

  process-pairs  one runner process per sample, the 1- and N-worker samples of
                 a pair in random order (gilmatrix until 2026-12-07);
  series-K       one runner process per round that takes K samples of each
                 worker count interleaved in random order (--schedule), the
                 round's ratio from the medians of its samples;
  and series-K at a shorter sample time.

For each it prints the rounds it got, the spread of the per-round log ratio,
the seconds a round cost, and what that gives: the 95% half-width expected
after 20 s of measuring (t x sd / sqrt(rounds)), the figure the default
matrix's budget buys a speedup. Run it with nothing else on the machine.

  bench/pairing_noise.py PYTHON WORKLOAD [--executor threads] [--workers 2]
                         [--seconds 240] [--sample-time 0.5] [--short 0.1]
"""
import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "..", "src", "harness", "python", "runner.py")

T95 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26, 10: 2.23,
       12: 2.18, 15: 2.13, 20: 2.09, 30: 2.04}


def t95(df):
    if df <= 0:
        return float("inf")
    best = max(k for k in T95 if k <= df) if df < 30 else 30
    return T95[best] if df < 30 else 1.96 + 2.4 / df


def run_runner(python, args, out_dir):
    output = os.path.join(out_dir, "r.json")
    started = time.perf_counter()
    subprocess.run([python, RUNNER, "--output", output] + args, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    with open(output) as f:
        result = json.load(f)
    if result["status"] != "ok":
        sys.exit(f"runner failed: {result.get('error')}")
    return result, wall


def calibrate(python, workload, seconds, out_dir):
    result, _ = run_runner(python, ["--workload", workload, "--calibrate", str(seconds), "--cpus", "0"], out_dir)
    return result["iterations"]


def common(options, iterations, workers):
    return ["--workload", options.workload, "--executor", options.executor, "--workers", str(workers),
            "--iterations", str(iterations), "--cpus", ",".join(str(c) for c in range(options.workers)),
            "--watch-cpus", ",".join(str(c) for c in range(options.workers))]


def process_pair(options, iterations, out_dir, rng):
    """One round of today's design: a process per sample."""
    seconds, wall = {}, 0.0
    for workers in rng.sample([1, options.workers], 2):
        args = common(options, iterations, workers)
        args[args.index("--cpus") + 1] = ",".join(str(c) for c in range(workers))
        result, w = run_runner(options.python, args + ["--repeats", "1"], out_dir)
        seconds[workers] = result["samples"][0]["seconds"]
        wall += w
    return options.workers * seconds[1] / seconds[options.workers], wall


def series_round(options, iterations, per_side, out_dir, rng):
    """One round of the series design: one process, both sides interleaved."""
    schedule = []
    for _ in range(per_side):
        schedule += rng.sample([1, options.workers], 2)
    result, wall = run_runner(options.python, common(options, iterations, options.workers) +
                              ["--schedule", ",".join(map(str, schedule))], out_dir)
    by = {1: [], options.workers: []}
    for s in result["samples"]:
        by[s["workers"]].append(s["seconds"])
    return options.workers * statistics.median(by[1]) / statistics.median(by[options.workers]), wall


def summary(name, ratios, walls, budget=20.0):
    logs = [math.log(r) for r in ratios]
    sd = statistics.stdev(logs) if len(logs) > 1 else float("nan")
    per_round = statistics.mean(walls)
    rounds = max(2, int(budget / per_round))
    half = t95(rounds - 1) * sd / math.sqrt(rounds)
    print(f"{name:<22} rounds {len(ratios):3d}  speedup {math.exp(statistics.mean(logs)):.3f}  "
          f"sd(log ratio) {sd * 100:5.1f}%  s/round {per_round:5.2f}  "
          f"half-width after {budget:.0f}s: ±{half * 100:4.1f}% ({rounds} rounds)")
    return {"design": name, "rounds": len(ratios), "sd_log_ratio": sd, "seconds_per_round": per_round,
            "half_width_after_budget": half, "estimate": math.exp(statistics.mean(logs))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("python")
    parser.add_argument("workload")
    parser.add_argument("--executor", default="threads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=240)
    parser.add_argument("--sample-time", type=float, default=0.5)
    parser.add_argument("--short", type=float, default=0.1)
    parser.add_argument("--per-side", type=int, default=3)
    parser.add_argument("--json")
    options = parser.parse_args()
    options.workload = os.path.abspath(options.workload)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as out_dir:
        long_iterations = calibrate(options.python, options.workload, options.sample_time, out_dir)
        short_iterations = calibrate(options.python, options.workload, options.short, out_dir)
        short_per_side = max(1, round(options.per_side * options.sample_time / options.short))
        designs = {
            "process-pairs": lambda: process_pair(options, long_iterations, out_dir, rng),
            f"series-{options.per_side}": lambda: series_round(options, long_iterations, options.per_side, out_dir,
                                                                rng),
            f"series-{short_per_side}-short": lambda: series_round(options, short_iterations, short_per_side,
                                                                   out_dir, rng),
        }
        got = {name: ([], []) for name in designs}
        deadline = time.monotonic() + options.seconds
        while time.monotonic() < deadline:
            for name in rng.sample(list(designs), len(designs)):  # a block of each, in random order
                block_end = time.monotonic() + 5
                while time.monotonic() < block_end:
                    ratio, wall = designs[name]()
                    got[name][0].append(ratio)
                    got[name][1].append(wall)
        print(f"{options.python} {os.path.basename(options.workload)} {options.executor} x{options.workers}, "
              f"samples {options.sample_time}s / {options.short}s")
        rows = [summary(name, *got[name]) for name in designs]
    if options.json:
        with open(options.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
