"""gilmatrix workload runner.

Loads one workload file (see workloads/README.md for the protocol) and either

- calibrates it (--calibrate SECONDS): how many units of work one worker does
  in about SECONDS on this build, or
- measures it: starts N workers as threads, processes, subinterpreters or
  asyncio tasks, lines them up before every sample and times only the work.
  Each worker does the same amount of work (weak scaling). With --schedule,
  each sample is taken by the first W of the N workers, W given per sample
  (e.g. 1,2,2,1): the cells of one series (1 and N workers) are then sampled
  interleaved in one process, milliseconds apart, so a slow spell of the host
  falls on both sides of their ratio and no process start sits between them.

For every sample it also records, outside the timed part, what the gilmatrix
side needs to judge the sample: the CPU time the work used (cores busy), the
CPU time this process tree used in the sample's window, and the raw
/proc/stat lines of the watched cores before and after (did anything else run
on them?). The arithmetic is done by gilmatrix, not here.

Writes one JSON object to the --output file; whatever the workload prints goes
to stdout/stderr untouched.
"""
import argparse
import importlib.util
import json
import os
import random
import sys
import threading
import time
import traceback

PROTOCOL = 2


class WorkloadError(Exception):
    pass


class Unsupported(Exception):
    pass


class WorkerCrashed(WorkloadError):
    """A worker process was killed by a signal."""


def load_workload(path):
    spec = importlib.util.spec_from_file_location("gilmatrix_workload", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["gilmatrix_workload"] = module
    spec.loader.exec_module(module)
    if not callable(getattr(module, "work", None)) and not callable(getattr(module, "work_async", None)):
        raise WorkloadError(f"{path} defines neither work(state) nor async work_async(state)")
    return module


def describe(module):
    """What the workload says about itself: first doc line and expected speedups."""
    doc = (module.__doc__ or "").strip().splitlines()
    expected = getattr(module, "EXPECTED_SPEEDUP", None)
    try:
        json.dumps(expected)
    except (TypeError, ValueError):
        expected = repr(expected)  # gilmatrix reports it as malformed
    return {"description": doc[0] if doc else "", "expected_speedup": expected}


def max_rss_mb():
    """Peak resident memory of this process plus the largest of its waited-for
    children (the processes executor's workers), in MiB; 0 where unknown."""
    try:
        import resource
    except ImportError:
        return 0.0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024.0  # Linux reports KiB


def reset_peak_rss():
    """Starts this process's peak resident memory (VmHWM) afresh, so that
    peak_rss_mb() is the peak of one sample; False where Linux does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb():
    """This process's peak resident memory (VmHWM) in MiB; 0 where unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)
    return bool(probe()) if probe else True


def pin(cpus, index):
    if cpus and hasattr(os, "sched_setaffinity"):
        # pid 0 is the calling thread on Linux, so each thread gets its own core.
        os.sched_setaffinity(0, {cpus[index % len(cpus)]})


def sample_takers(schedule, workers, offset):
    """Which workers take each sample, as a set of worker indices. Worker i is
    pinned to core cpus[i], so a cell narrower than the process must not
    always use its first workers: the vCPUs of a VM run at different speeds
    (measured here: one at 59% of the other's for half a minute, with no
    steal time shown), and a 1-worker baseline that always ran on the first
    core read the speedup of 2 free-threaded workers as 1.17x or 2.0x by
    which core the host slowed. The k-th sample of a W-worker cell is taken by
    W workers in a row from worker (offset + k W) mod workers, so the samples
    of a round go round the cores and its baseline is the cores' mean."""
    taken = {}
    takers = []
    for active in schedule:
        k = taken.get(active, 0)
        taken[active] = k + 1
        first = offset + k * active
        takers.append(frozenset((first + j) % workers for j in range(active)))
    return takers


def setup_state(module):
    setup = getattr(module, "setup", None)
    return setup() if setup else None


# --- what a sample window looked like from outside -------------------------

class Window:
    """/proc/stat lines of the watched cores and this process's CPU time at
    the start and end of one sample; read outside the timed part."""

    def __init__(self, watch):
        self.watch = watch

    def snapshot(self):
        return {"t": time.perf_counter(), "cpu": time.process_time(), "stat": self._stat_lines()}

    def start(self):
        """Before a sample: also starts the peak memory afresh."""
        self.peak_reset = reset_peak_rss()
        return self.snapshot()

    def end(self):
        """After a sample: also this process's peak memory during it (0 when
        it could not be told apart from the process's whole life)."""
        after = self.snapshot()
        after["rss"] = peak_rss_mb() if getattr(self, "peak_reset", False) else 0.0
        return after

    def _stat_lines(self):
        if not self.watch:
            return []
        try:
            with open("/proc/stat") as stat:
                lines = [line.strip() for line in stat if line.startswith("cpu") and line[3:4].isdigit()]
        except OSError:
            return []
        return [line for line in lines if int(line.split()[0][3:]) in self.watch]


def sample_record(spans, before, after, extra_own_cpu=0.0, worker_rss=0.0):
    """spans: (start, end, work_cpu) per worker that took this sample;
    worker_rss: the peak memory of the largest worker process in it."""
    record = {
        "seconds": max(s[1] for s in spans) - min(s[0] for s in spans),
        "workers": len(spans),
        "work_cpu": sum(s[2] for s in spans),
        "own_cpu": after["cpu"] - before["cpu"] + extra_own_cpu,
        "window": after["t"] - before["t"],
        "stat_before": before["stat"],
        "stat_after": after["stat"],
    }
    if after.get("rss", 0.0) > 0:
        record["rss_mb"] = after["rss"] + worker_rss
    return record


# --- threads and subinterpreters: workers are threads of this process ------

def coordinate(workers, takers, timeout, window, body):
    """Runs body(index, wait, record) in `workers` threads and paces them: the
    coordinator joins the barrier before and after every sample, so samples
    never overlap and the window snapshots bracket exactly one sample. Sample
    r is taken by the workers in takers[r]; the others only keep pace.
    The first error of any worker breaks the barrier for all and is raised here."""
    repeats = len(takers)
    barrier = threading.Barrier(workers + 1)
    spans = [[None] * repeats for _ in range(workers)]
    windows = []
    errors = []

    def target(index):
        def record(repeat, start, end, cpu):
            spans[index][repeat] = (start, end, cpu)
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
    try:
        barrier.wait(timeout)  # every worker has done its setup and warm-up
        for _ in range(repeats):
            before = window.start()
            barrier.wait(timeout)
            barrier.wait(timeout)
            windows.append((before, window.end()))
    except threading.BrokenBarrierError:
        pass  # a worker failed; its error is raised below
    for thread in threads:
        thread.join()
    if errors:
        raise WorkloadError(errors[0])
    return [sample_record([spans[w][r] for w in sorted(takers[r])], *windows[r]) for r in range(repeats)]


def timed_units(module, state, iterations):
    start, cpu = time.perf_counter(), time.thread_time()
    for _ in range(iterations):
        module.work(state)
    return start, time.perf_counter(), time.thread_time() - cpu


def run_threads(module, args, window):
    def body(index, wait, record):
        pin(args.cpus, index)
        state = setup_state(module)
        module.work(state)  # warm-up
        wait()
        for repeat, active in enumerate(args.schedule):
            wait()
            if index in args.takers[repeat]:
                record(repeat, *timed_units(module, state, args.iterations))
            wait()
    return coordinate(args.workers, args.takers, args.barrier_timeout, window, body), gil_enabled()


def interpreters_api():
    """3.14+: concurrent.interpreters (PEP 734); 3.13: the private _interpreters;
    3.12: the private _xxsubinterpreters (PEP 684: each with its own GIL)."""
    try:
        from concurrent import interpreters  # noqa: F401
        return "concurrent.interpreters", interpreters
    except ImportError:
        pass
    try:
        import _interpreters
        return "_interpreters", _interpreters
    except ImportError:
        pass
    try:
        import _xxsubinterpreters
        return "_xxsubinterpreters", _xxsubinterpreters
    except ImportError:
        raise Unsupported("this build has no subinterpreter API (concurrent.interpreters in 3.14+, "
                          "_interpreters in 3.13, _xxsubinterpreters in 3.12)")


class OwnGilSubinterpreter312:
    """3.12's _xxsubinterpreters: create(isolated=True) gives the interpreter
    its own GIL and allocator (PEP 684); run_string raises RunFailedError."""

    def __init__(self, api):
        self.name, self.module = api
        self.handle = self.module.create(isolated=True)

    def run(self, code):
        try:
            self.module.run_string(self.handle, code)
        except self.module.RunFailedError as failure:
            raise WorkloadError(f"in subinterpreter: {failure}")

    def close(self):
        self.module.destroy(self.handle)


def open_subinterpreter(api):
    return OwnGilSubinterpreter312(api) if api[0] == "_xxsubinterpreters" else Subinterpreter(api)


class Subinterpreter:
    def __init__(self, api):
        self.name, self.module = api
        self.handle = self.module.create()

    def run(self, code):
        if self.name == "concurrent.interpreters":
            try:
                self.handle.exec(code)
            except self.module.ExecutionFailed as failure:
                raise WorkloadError(f"in subinterpreter: {failure}")
            return
        failure = self.module.run_string(self.handle, code)
        if failure is not None:
            raise WorkloadError(f"in subinterpreter: {getattr(failure, 'formatted', failure)}")

    def close(self):
        if self.name == "concurrent.interpreters":
            self.handle.close()
        else:
            self.module.destroy(self.handle)


def run_interpreters(args, window):
    api = interpreters_api()
    subs = [open_subinterpreter(api) for _ in range(args.workers)]
    setup = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('gilmatrix_workload', {args.workload!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "state = module.setup() if hasattr(module, 'setup') else None\n"
        "module.work(state)\n"
    )
    batch = f"for _ in range({args.iterations}):\n    module.work(state)\n"

    def body(index, wait, record):
        pin(args.cpus, index)
        subs[index].run(setup)
        wait()
        for repeat, active in enumerate(args.schedule):
            wait()
            if index in args.takers[repeat]:
                start, cpu = time.perf_counter(), time.thread_time()
                subs[index].run(batch)
                record(repeat, start, time.perf_counter(), time.thread_time() - cpu)
            wait()

    try:
        samples = coordinate(args.workers, args.takers, args.barrier_timeout, window, body)
    finally:
        for sub in subs:
            sub.close()
    return samples, gil_enabled(), api[0]


# --- processes: forked workers, watched so a dead one is noticed at once ---

def die_with_parent():
    """A forked worker dies with the runner, which dies with gilmatrix (the
    runner itself gets PR_SET_PDEATHSIG from gilmatrix's launcher)."""
    try:
        import ctypes
        import signal
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def process_target(module_path, index, args, parent, barrier, results, reported):
    die_with_parent()
    if os.getppid() != parent:
        os._exit(1)  # the runner died before we could arrange to die with it
    spans = [None] * len(args.schedule)
    try:
        module = sys.modules.get("gilmatrix_workload") or load_workload(module_path)
        pin(args.cpus, index)
        state = setup_state(module)
        module.work(state)  # warm-up
        barrier.wait(args.barrier_timeout)
        for repeat, active in enumerate(args.schedule):
            barrier.wait(args.barrier_timeout)
            if index in args.takers[repeat]:
                peak_reset = reset_peak_rss()
                start, cpu = time.perf_counter(), time.process_time()
                for _ in range(args.iterations):
                    module.work(state)
                spans[repeat] = (start, time.perf_counter(), time.process_time() - cpu,
                                 peak_rss_mb() if peak_reset else 0.0)
            barrier.wait(args.barrier_timeout)
        reported[index] = 1
        results.put((index, spans, gil_enabled(), None))
    except threading.BrokenBarrierError:
        reported[index] = 1
        results.put((index, spans, gil_enabled(), "barrier broken"))
    except BaseException:
        reported[index] = 1
        try:
            barrier.abort()
        finally:
            results.put((index, spans, gil_enabled(), traceback.format_exc()))


def exit_description(code):
    if code is not None and code < 0:
        import signal
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    if code == 0:
        return "exited with code 0 before it reported its samples"
    return f"exited with code {code}"


def worker_death(index, code):
    kind = WorkerCrashed if code is not None and code < 0 else WorkloadError
    return kind(f"worker process {index} {exit_description(code)}")


class WorkerWatch:
    """Aborts the barrier the moment a worker process dies without reporting,
    so the coordinator stops waiting at once instead of at the timeout. A worker
    sets its flag in `reported` before it puts its result, so an exit with code 0
    (os._exit(0), sys.exit() in work) before that is a death too."""

    def __init__(self, processes, barrier, reported):
        from multiprocessing.connection import wait
        self.death = None
        self._done = threading.Event()

        def watch():
            pending = {p.sentinel: (i, p) for i, p in enumerate(processes)}
            while pending and not self._done.is_set():
                for sentinel in wait(list(pending), timeout=0.2):
                    index, process = pending.pop(sentinel)
                    process.join()
                    died = process.exitcode != 0 or not reported[index]
                    if died and self.death is None:
                        self.death = (index, process.exitcode)
                        barrier.abort()
        self._thread = threading.Thread(target=watch, daemon=True)
        self._thread.start()

    def stop(self):
        self._done.set()
        self._thread.join()


def run_processes(module_path, args, window):
    import multiprocessing
    import queue
    # fork: the workload is already imported here, and start-up is not timed anyway.
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(args.workers + 1)
    results = context.Queue()
    reported = context.Array("b", args.workers, lock=False)
    processes = [context.Process(target=process_target,
                                 args=(module_path, i, args, os.getpid(), barrier, results, reported),
                                 daemon=True)
                 for i in range(args.workers)]
    for process in processes:
        process.start()
    watch = WorkerWatch(processes, barrier, reported)
    windows = []
    try:
        barrier.wait(args.barrier_timeout)
        for _ in args.schedule:
            before = window.start()
            barrier.wait(args.barrier_timeout)
            barrier.wait(args.barrier_timeout)
            windows.append((before, window.end()))
    except threading.BrokenBarrierError:
        pass
    collected = {}
    deadline = time.monotonic() + args.barrier_timeout
    while len(collected) < args.workers and watch.death is None and time.monotonic() < deadline:
        try:
            index, spans, gil, error = results.get(timeout=0.2)
            collected[index] = (spans, gil, error)
        except queue.Empty:
            pass
    watch.stop()
    for process in processes:
        if watch.death is not None or len(collected) < args.workers:
            process.kill()
        process.join()
    errors = [error for (_, _, error) in collected.values() if error and error != "barrier broken"]
    if errors:
        raise WorkloadError(errors[0])
    if watch.death is not None:
        raise worker_death(*watch.death)
    for index, process in enumerate(processes):
        if process.exitcode != 0:
            raise worker_death(index, process.exitcode)
    if len(collected) < args.workers:
        raise WorkloadError("worker processes did not report their samples")
    samples = []
    for repeat, takers in enumerate(args.takers):
        spans = [collected[w][0][repeat] for w in sorted(takers)]
        worker_cpu = sum(s[2] for s in spans)
        samples.append(sample_record([s[:3] for s in spans], *windows[repeat], extra_own_cpu=worker_cpu,
                                     worker_rss=max(s[3] for s in spans)))
    return samples, any(gil for (_, gil, _) in collected.values())


# --- asyncio: N tasks on one event loop -------------------------------------

def run_asyncio(module, args, window):
    import asyncio
    work_async = getattr(module, "work_async", None)
    if not callable(work_async):
        raise Unsupported("the workload defines no `async def work_async(state)`; the asyncio executor "
                          "runs N tasks of it on one event loop")
    pin(args.cpus, 0)
    loop = asyncio.new_event_loop()
    try:
        states = [setup_state(module) for _ in range(args.workers)]
        for state in states:
            loop.run_until_complete(work_async(state))  # warm-up

        async def task(state):
            start = time.perf_counter()
            for _ in range(args.iterations):
                await work_async(state)
            return start, time.perf_counter()

        async def sample(active):
            return await asyncio.gather(*(task(state) for state in states[:active]))

        samples = []
        for active in args.schedule:
            before = window.start()
            cpu = time.thread_time()
            spans = loop.run_until_complete(sample(active))
            used = time.thread_time() - cpu
            # One thread ran every task: the work's CPU time is that thread's.
            spans = [(start, end, used if i == 0 else 0.0) for i, (start, end) in enumerate(spans)]
            samples.append(sample_record(spans, before, window.end()))
    finally:
        loop.close()
    return samples, gil_enabled()


# --- pools: concurrent.futures' executors, as programs use them --------------
#
# Each sample submits one batch of --iterations units per worker and waits for
# every result: the time runs from the first submit to the last result, so
# what the pool costs to hand out a task and bring back its result is in it.
# One batch per worker and sample (weak scaling, as the raw executors); which
# worker runs which batch is the pool's business, as in a program (with the
# GIL, a thread that finishes its batch may take the next before another
# thread wakes). The workers are not pinned one per core but kept on the
# cell's cores, as a program's pool would be.

POOL_EXECUTORS = ("thread-pool", "process-pool", "interpreter-pool")

# The workload and its state in this worker: per thread in a thread pool; a
# process or an interpreter of a pool is one worker (and an interpreter pool
# enters its interpreter with a new thread state for every task, so a
# threading.local would not last from one task to the next).
_pool_worker = threading.local()


def pool_worker_init(workload_path, own_process, per_thread=True):
    global _pool_worker
    if not per_thread:
        import types
        _pool_worker = types.SimpleNamespace()
    if own_process:
        die_with_parent()
    # A failing initializer only breaks the pool ("A thread initializer failed"):
    # the error is kept and raised by this worker's first task, which says why.
    _pool_worker.error = None
    try:
        module = sys.modules.get("gilmatrix_workload") or load_workload(workload_path)
        state = setup_state(module)
        module.work(state)  # warm-up
        _pool_worker.module, _pool_worker.state = module, state
    except BaseException:
        _pool_worker.error = traceback.format_exc()
    # A process of the pool runs its tasks in its main thread; its CPU time is the process's.
    _pool_worker.clock = time.process_time if own_process else time.thread_time


def pool_worker_identity():
    return os.getpid(), threading.get_ident()


# How a worker's error reaches the runner: as a builtin exception (an
# interpreter pool pickles it, and this runner's own classes are not importable
# by that name in the main interpreter), with the worker's traceback in it.
POOL_WORKER_FAILED = "in a worker of the pool:\n"


def pool_worker_ready():
    if getattr(_pool_worker, "error", None) is not None:
        raise RuntimeError(POOL_WORKER_FAILED + _pool_worker.error)


def pool_warmup(seconds):
    """Keeps a worker busy so that the pool starts another for the next task."""
    pool_worker_ready()
    time.sleep(seconds)
    return pool_worker_identity()


def pool_batch(iterations):
    """Returns the batch's CPU time, the worker, the GIL state and, for a
    worker of its own process, its peak memory during the batch (else 0)."""
    pool_worker_ready()
    module, state, clock = _pool_worker.module, _pool_worker.state, _pool_worker.clock
    own_process = clock is time.process_time
    peak_reset = own_process and reset_peak_rss()
    cpu = clock()
    try:
        for _ in range(iterations):
            module.work(state)
    except Exception:
        raise RuntimeError(POOL_WORKER_FAILED + traceback.format_exc())
    used = clock() - cpu
    return used, pool_worker_identity(), gil_enabled(), peak_rss_mb() if peak_reset else 0.0


class Pool:
    """One of concurrent.futures' executors with this runner's worker set-up;
    submit(name, argument) runs pool_warmup or pool_batch in a worker."""

    def __init__(self, args):
        import concurrent.futures as futures
        self.kind = args.executor
        if self.kind == "thread-pool":
            self.executor = futures.ThreadPoolExecutor(max_workers=args.workers, initializer=pool_worker_init,
                                                       initargs=(args.workload, False))
        elif self.kind == "process-pool":
            # The Python's default start method (fork before 3.14, forkserver from 3.14), as a program gets it.
            self.executor = futures.ProcessPoolExecutor(max_workers=args.workers, initializer=pool_worker_init,
                                                        initargs=(args.workload, True, False))
        else:
            pool_class = getattr(futures, "InterpreterPoolExecutor", None)
            if pool_class is None:
                raise Unsupported("concurrent.futures.InterpreterPoolExecutor is new in Python 3.14")
            # A worker interpreter gets callables by reference: this runner is
            # imported there under its own name, and builtins (exec, eval) call it.
            init = ("import importlib.util, sys\n"
                    f"spec = importlib.util.spec_from_file_location('gilmatrix_runner', {os.path.abspath(__file__)!r})\n"
                    "runner = importlib.util.module_from_spec(spec)\n"
                    "sys.modules['gilmatrix_runner'] = runner\n"
                    "spec.loader.exec_module(runner)\n"
                    f"runner.pool_worker_init({args.workload!r}, False, False)\n")
            self.executor = pool_class(max_workers=args.workers, initializer=exec, initargs=(init, {}))

    def submit(self, name, argument):
        if self.kind == "interpreter-pool":
            return self.executor.submit(eval, f"__import__('gilmatrix_runner').{name}({argument!r})", {})
        return self.executor.submit(pool_warmup if name == "pool_warmup" else pool_batch, argument)

    def results(self, submitted, timeout):
        import concurrent.futures as futures
        from concurrent.futures.process import BrokenProcessPool
        try:
            for future in futures.as_completed(submitted, timeout=timeout):
                yield future.result(), time.perf_counter()
        except BrokenProcessPool as broken:
            raise WorkerCrashed(f"a worker process of the pool died: {broken}")
        except futures.TimeoutError:
            raise WorkloadError(f"the pool returned no result within {timeout:g}s")
        except WorkloadError:
            raise
        except Exception as error:
            if str(error).startswith(POOL_WORKER_FAILED):
                raise WorkloadError(str(error))
            raise WorkloadError(POOL_WORKER_FAILED + traceback.format_exc())

    def start_workers(self, workers, timeout):
        """Every worker started and set up (initializer and warm-up unit) before
        the first sample: tasks that keep a worker busy make the pool start the next."""
        for _ in range(10):
            submitted = [self.submit("pool_warmup", 0.2) for _ in range(workers)]
            if len({identity for identity, _ in self.results(submitted, timeout)}) == workers:
                return
        raise WorkloadError(f"the pool did not start {workers} workers")

    def close(self):
        self.executor.shutdown(wait=True, cancel_futures=True)


def run_pool(args, window):
    if args.cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(args.cpus))  # before the pool starts: its workers inherit the cell's cores
    pool = Pool(args)
    samples, gils = [], []
    try:
        pool.start_workers(args.workers, args.barrier_timeout)
        for active in args.schedule:
            before = window.start()
            start = time.perf_counter()
            submitted = [pool.submit("pool_batch", args.iterations) for _ in range(active)]
            spans, worker_rss = [], 0.0
            for (cpu, _, gil, rss), done in pool.results(submitted, args.barrier_timeout):
                spans.append((start, done, cpu))
                gils.append(gil)
                worker_rss = max(worker_rss, rss)
            after = window.end()
            # A process pool's workers are other processes: their CPU time is not this process's.
            extra = sum(s[2] for s in spans) if args.executor == "process-pool" else 0.0
            samples.append(sample_record(spans, before, after, extra_own_cpu=extra, worker_rss=worker_rss))
    finally:
        pool.close()
    # A process pool's GIL state is its workers'; a thread or interpreter pool's is this process's too.
    return samples, any(gils) or (args.executor != "process-pool" and gil_enabled())


# --- calibration -------------------------------------------------------------

def calibrate(module, args):
    """Units of work one worker does in about --calibrate seconds: time growing
    batches until one lasts long enough to trust the clock, then scale."""
    pin(args.cpus, 0)
    state = setup_state(module)
    if callable(getattr(module, "work", None)):
        unit = lambda: module.work(state)  # noqa: E731
    else:
        import asyncio
        loop = asyncio.new_event_loop()
        unit = lambda: loop.run_until_complete(module.work_async(state))  # noqa: E731
    unit()  # warm-up
    target = args.calibrate
    enough = min(0.1, target / 3)
    batch = 1
    while True:
        start = time.perf_counter()
        for _ in range(batch):
            unit()
        elapsed = time.perf_counter() - start
        if elapsed >= enough or batch >= 1 << 30:
            break
        batch = batch * 10 if elapsed < enough / 10 else batch * 2
    per_unit = elapsed / batch
    return max(1, round(target / per_unit)) if per_unit > 0 else batch, per_unit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", required=True)
    parser.add_argument("--executor", choices=["threads", "processes", "interpreters", "asyncio", *POOL_EXECUTORS],
                        default="threads")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--schedule", default="",
                        help="workers taking each sample, e.g. 1,2,2,1 (at most --workers; default "
                             "--workers for each of --repeats samples)")
    parser.add_argument("--iterations", type=int, default=0)
    parser.add_argument("--calibrate", type=float, default=0)
    parser.add_argument("--cpus", default="")
    parser.add_argument("--watch-cpus", default="")
    parser.add_argument("--barrier-timeout", type=float, default=600)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    args.cpus = [int(c) for c in args.cpus.split(",") if c]
    args.schedule = [int(w) for w in args.schedule.split(",") if w] or [args.workers] * args.repeats
    if any(w < 1 or w > args.workers for w in args.schedule):
        parser.error(f"--schedule takes 1 to --workers ({args.workers}) workers per sample")
    args.takers = sample_takers(args.schedule, args.workers, random.randrange(args.workers))
    window = Window({int(c) for c in args.watch_cpus.split(",") if c})

    result = {"protocol": PROTOCOL, "status": "ok", "executor": args.executor, "workers": args.workers,
              "gil_enabled_at_start": gil_enabled(), "python": sys.version.split()[0],
              "clock_ticks_per_second": os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100}
    try:
        module = load_workload(args.workload)
        result.update(describe(module))
        result["gil_enabled_after_import"] = gil_enabled()
        if args.calibrate > 0:
            result["iterations"], result["unit_seconds"] = calibrate(module, args)
        else:
            args.iterations = args.iterations or int(getattr(module, "ITERATIONS", 10))
            result["iterations"] = args.iterations
            if args.executor == "threads":
                samples, gil_after = run_threads(module, args, window)
            elif args.executor == "processes":
                samples, gil_after = run_processes(args.workload, args, window)
            elif args.executor == "asyncio":
                samples, gil_after = run_asyncio(module, args, window)
            elif args.executor in POOL_EXECUTORS:
                samples, gil_after = run_pool(args, window)
            else:
                samples, gil_after, result["interpreters_api"] = run_interpreters(args, window)
            result["samples"] = samples
            result["gil_enabled_after"] = gil_after
            result["max_rss_mb"] = max_rss_mb()
    except Unsupported as error:
        result["status"] = "unsupported"
        result["error"] = str(error)
    except WorkerCrashed as error:
        result["status"] = "crashed"
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
