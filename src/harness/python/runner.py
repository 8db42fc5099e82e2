"""gilmatrix workload runner.

Loads one workload file (see workloads/README.md for the protocol), starts N
workers as threads, processes or subinterpreters, lines them up on a barrier
before every sample and times only the work. Each worker does the same amount
of work (weak scaling). Writes one JSON object to the --output file; whatever
the workload prints goes to stdout/stderr untouched.
"""
import argparse
import importlib.util
import json
import os
import sys
import threading
import time
import traceback

PROTOCOL = 1


def load_workload(path):
    spec = importlib.util.spec_from_file_location("gilmatrix_workload", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["gilmatrix_workload"] = module
    spec.loader.exec_module(module)
    if not callable(getattr(module, "work", None)):
        raise RuntimeError(f"{path} defines no work(state) function")
    return module


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)
    return bool(probe()) if probe else True


def pin(cpus, index):
    if cpus and hasattr(os, "sched_setaffinity"):
        # pid 0 is the calling thread on Linux, so each thread gets its own core.
        os.sched_setaffinity(0, {cpus[index % len(cpus)]})


def worker_body(module, iterations, repeats, cpus, index, wait, record):
    """Shared by threads and processes: setup, one warm-up unit, then timed samples."""
    pin(cpus, index)
    setup = getattr(module, "setup", None)
    state = setup() if setup else None
    module.work(state)
    for repeat in range(repeats):
        wait()
        start = time.perf_counter()
        for _ in range(iterations):
            module.work(state)
        end = time.perf_counter()
        record(repeat, start, end)
        wait()


def samples_from(spans):
    """spans[worker][repeat] = (start, end); a sample is first start to last end."""
    repeats = len(spans[0])
    return [max(s[r][1] for s in spans) - min(s[r][0] for s in spans) for r in range(repeats)]


def pace_samples(barrier, repeats, timeout):
    """The coordinator's part: release the workers into each sample and wait for
    all of them to finish it before the next, so samples never overlap."""
    try:
        for _ in range(repeats):
            barrier.wait(timeout)
            barrier.wait(timeout)
    except threading.BrokenBarrierError:
        pass  # a worker failed; its error is reported by the caller


def coordinate(workers, repeats, timeout, body):
    """Runs body(index, wait, record) in `workers` threads. The coordinator joins
    the barrier twice per sample, so samples never overlap; the first error of
    any worker breaks the barrier for all and is raised here."""
    barrier = threading.Barrier(workers + 1)
    spans = [[None] * repeats for _ in range(workers)]
    errors = []

    def target(index):
        def record(repeat, start, end):
            spans[index][repeat] = (start, end)
        try:
            body(index, lambda: barrier.wait(timeout), record)
        except threading.BrokenBarrierError:
            pass
        except BaseException as error:
            errors.append(str(error) if isinstance(error, WorkloadError) else traceback.format_exc())
            barrier.abort()

    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(workers)]
    for thread in threads:
        thread.start()
    pace_samples(barrier, repeats, timeout)
    for thread in threads:
        thread.join()
    if errors:
        raise WorkloadError(errors[0])
    return spans


def run_threads(module, workers, repeats, iterations, cpus, timeout):
    spans = coordinate(workers, repeats, timeout,
                       lambda index, wait, record: worker_body(module, iterations, repeats, cpus, index, wait, record))
    return samples_from(spans), gil_enabled()


def process_target(module_path, index, workers, repeats, iterations, cpus, timeout, barrier, results):
    spans = [None] * repeats
    try:
        module = sys.modules.get("gilmatrix_workload") or load_workload(module_path)

        def record(repeat, start, end):
            spans[repeat] = (start, end)
        worker_body(module, iterations, repeats, cpus, index, lambda: barrier.wait(timeout), record)
        results.put((index, spans, gil_enabled(), None))
    except threading.BrokenBarrierError:
        results.put((index, spans, gil_enabled(), "barrier broken"))
    except BaseException:
        try:
            barrier.abort()
        finally:
            results.put((index, spans, gil_enabled(), traceback.format_exc()))


def run_processes(module, module_path, workers, repeats, iterations, cpus, timeout):
    import multiprocessing
    # fork: the workload is already imported here, and start-up is not timed anyway.
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers + 1)
    results = context.Queue()
    processes = [
        context.Process(target=process_target,
                        args=(module_path, i, workers, repeats, iterations, cpus, timeout, barrier, results))
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    pace_samples(barrier, repeats, timeout)
    collected = [results.get(timeout=timeout) for _ in range(workers)]
    for process in processes:
        process.join()
    errors = [error for (_, _, _, error) in collected if error and error != "barrier broken"]
    if errors:
        raise WorkloadError(errors[0])
    for process in processes:
        if process.exitcode != 0:
            raise WorkloadError(f"worker process exited with {process.exitcode}")
    spans = [spans for (_, spans, _, _) in sorted(collected, key=lambda item: item[0])]
    return samples_from(spans), any(gil for (_, _, gil, _) in collected)


def run_interpreters(module_path, workers, repeats, iterations, cpus, timeout):
    try:
        import _interpreters as interpreters  # 3.13+; concurrent.interpreters in 3.14 wraps it
    except ImportError:
        raise Unsupported("this build has no _interpreters module (subinterpreters need Python 3.13 or newer)")
    ids = [interpreters.create() for _ in range(workers)]
    setup = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('gilmatrix_workload', {module_path!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "state = module.setup() if hasattr(module, 'setup') else None\n"
        "module.work(state)\n"
    )
    batch = f"for _ in range({iterations}):\n    module.work(state)\n"

    def run(interp, code):
        failure = interpreters.run_string(interp, code)
        if failure is not None:
            raise WorkloadError(f"in subinterpreter: {getattr(failure, 'formatted', failure)}")

    def body(index, wait, record):
        pin(cpus, index)
        run(ids[index], setup)
        for repeat in range(repeats):
            wait()
            start = time.perf_counter()
            run(ids[index], batch)
            record(repeat, start, time.perf_counter())
            wait()

    try:
        spans = coordinate(workers, repeats, timeout, body)
    finally:
        for interp in ids:
            interpreters.destroy(interp)
    return samples_from(spans), gil_enabled()


class WorkloadError(Exception):
    pass


class Unsupported(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", required=True)
    parser.add_argument("--executor", choices=["threads", "processes", "interpreters"], required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--repeats", type=int, required=True)
    parser.add_argument("--iterations", type=int, default=0)
    parser.add_argument("--cpus", default="")
    parser.add_argument("--barrier-timeout", type=float, default=600)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    cpus = [int(c) for c in args.cpus.split(",") if c]

    result = {"protocol": PROTOCOL, "status": "ok", "executor": args.executor, "workers": args.workers,
              "gil_enabled_at_start": gil_enabled(), "python": sys.version.split()[0]}
    try:
        module = load_workload(args.workload)
        iterations = args.iterations or int(getattr(module, "ITERATIONS", 10))
        result["iterations"] = iterations
        result["gil_enabled_after_import"] = gil_enabled()
        if args.executor == "threads":
            samples, gil_after = run_threads(module, args.workers, args.repeats, iterations, cpus,
                                             args.barrier_timeout)
        elif args.executor == "processes":
            samples, gil_after = run_processes(module, args.workload, args.workers, args.repeats, iterations,
                                               cpus, args.barrier_timeout)
        else:
            samples, gil_after = run_interpreters(args.workload, args.workers, args.repeats, iterations, cpus,
                                                  args.barrier_timeout)
        result["samples"] = samples
        result["gil_enabled_after"] = gil_after
    except Unsupported as error:
        result["status"] = "unsupported"
        result["error"] = str(error)
    except WorkloadError as error:
        result["status"] = "failed"
        result["error"] = str(error)
    except BaseException:
        result["status"] = "failed"
        result["error"] = traceback.format_exc()
    result.setdefault("gil_enabled_after", gil_enabled())
    with open(args.output, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
