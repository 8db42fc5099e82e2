"""Writes synthetic gilmatrix results for the compare and merge benchmark.

  generate_results.py OUT_DIR [--cells N] [--shards K]

OUT_DIR/old/results.json and OUT_DIR/new/results.json: one run of N cells (10
builds: 5 GIL builds, each with a free-threaded twin, 2 executors, 10 worker counts, as many
workloads as it takes) with module checks, and the same run a night later
with some speedups lower and some verdicts flipped; OUT_DIR/shard-K/ the new
run split into K shards of whole builds, as `run --shard k/K` writes them.
"""
import argparse
import copy
import json
import os
import random

BUILDS = [f"3.{13 + i // 2}{'t' if i % 2 else ''}-{i}" for i in range(10)]
EXECUTORS = ["threads", "processes"]
WORKERS = list(range(1, 11))


def run(cells_wanted, rng):
    per_workload = len(BUILDS) * len(EXECUTORS) * len(WORKERS)
    workloads = [f"workload-{w:03d}" for w in range((cells_wanted + per_workload - 1) // per_workload)]
    builds = [{
        "name": b, "status": "ok", "reason": "", "origin": "source", "python": f"/cache/{b}/bin/python3",
        "probe": {"executable": f"/cache/{b}/bin/python3", "version": f"3.{13 + i // 2}.1", "implementation": "cpython",
                  "free_threaded": b.split("-")[0].endswith("t"), "gil_enabled": not b.split("-")[0].endswith("t"),
                  "ext_suffix": ".so", "abiflags": "", "soabi": "", "platform": "linux-x86_64", "compiler": "GCC",
                  "prefix": f"/cache/{b}", "config_args": "", "in_venv": False, "subinterpreters": True},
        # Builds 2k and 2k+1 come from one tarball: a GIL build and its free-threaded twin.
        "details": {"version": f"3.{13 + i // 2}.1", "sha256": f"{i // 2:064d}"}} for i, b in enumerate(BUILDS)]
    cells = []
    for b in BUILDS:
        for w in workloads:
            for e in EXECUTORS:
                for n in WORKERS:
                    if len(cells) == cells_wanted:
                        break
                    t = 0.2 * (1 + rng.random() * 0.05)
                    speedup = 1.0 if n == 1 else n * (0.7 + 0.3 * rng.random())
                    cells.append({
                        "key": f"{b}/{w}/{e}/default/x{n}", "build": b, "workload": w, "executor": e,
                        "gil_mode": "default", "workers": n, "repeats": 5, "timeout_ms": 120000, "status": "ok",
                        "iterations": 1000, "samples": [round(t * (1 + rng.random() * 0.02), 5) for _ in range(5)],
                        "median_seconds": t, "cv": 0.01, "unstable": False, "speedup": speedup,
                        "speedup_interval": {"low": speedup * 0.97, "high": speedup * 1.03},
                        "disturbed": False, "gil_enabled_after_import": True, "gil_enabled_after": True,
                        "error": "", "cpus": list(range(n)), "wall_seconds": t * 6})
    modules = [{"build": b, "package_set": "extensions", "distribution": f"dist{m}", "version": "1.0",
                "module": f"dist{m}._ext", "status": "keeps GIL disabled" if b.split("-")[0].endswith("t") else "importable",
                "attributed_to": "", "detail": "", "binding": "C API", "fix": "", "reproduce": "",
                "free_threaded": b.split("-")[0].endswith("t")} for b in BUILDS for m in range(20)]
    return {"schema_version": 1, "tool": "gilmatrix",
            "matrix": {"name": "bench", "file": "/bench/bench.toml", "sha256": "b" * 64},
            "started_at": "2026-11-20T02:00:00Z", "finished_at": "2026-11-20T04:00:00Z", "wall_seconds": 7200.0,
            "interrupted": False, "reproduce": "gilmatrix run bench.toml",
            "environment": {"cpu_model": "bench", "usable_cores": 16, "online_cpus": 16, "os": "Debian",
                            "kernel": "6.1", "arch": "x86_64", "compiler": "gcc", "gilmatrix_version": "0.1.0",
                            "command": ["gilmatrix", "run", "bench.toml"], "working_directory": "/bench"},
            "builds": builds, "cells": cells, "environments": [], "installs": [], "module_checks": modules,
            "together": [], "overhead": [], "shard": None, "notes": []}


def write(path, results):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(results, f, indent=1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--cells", type=int, default=10000)
    parser.add_argument("--shards", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(9)
    old = run(args.cells, rng)
    new = copy.deepcopy(old)
    new["started_at"] = "2026-11-21T02:00:00Z"
    for cell in rng.sample(new["cells"], len(new["cells"]) // 100):
        if cell["workers"] > 1:
            cell["speedup"] *= 0.8
            cell["speedup_interval"] = {"low": cell["speedup"] * 0.97, "high": cell["speedup"] * 1.03}
    for module in rng.sample([m for m in new["module_checks"] if m["free_threaded"]], 5):
        module["status"] = "re-enables GIL"
    write(os.path.join(args.out, "old", "results.json"), old)
    write(os.path.join(args.out, "new", "results.json"), new)
    for k in range(args.shards):
        names = BUILDS[k::args.shards]
        part = copy.deepcopy(new)
        part["builds"] = [b for b in new["builds"] if b["name"] in names]
        part["cells"] = [c for c in new["cells"] if c["build"] in names]
        part["module_checks"] = [m for m in new["module_checks"] if m["build"] in names]
        part["shard"] = {"index": k + 1, "total": args.shards, "builds": names, "matrix_builds": BUILDS}
        part["reproduce"] = f"gilmatrix run bench.toml --shard {k + 1}/{args.shards}"
        write(os.path.join(args.out, f"shard-{k + 1}", "results.json"), part)


main()
