"""gilmatrix stress run: drives extension modules from many threads at once in
this fresh process and writes what happened as one JSON object.

  stress.py OUTPUT STACKS EXERCISED THREADS ITERATIONS HANG_AFTER STRESS_FILE MODULE...

With a STRESS_FILE ("-" for none), every test_* function in it is called by
THREADS threads released together by a barrier, ITERATIONS times each
(pytest-run-parallel's model). Without one, THREADS threads import each
MODULE at the same moment (module initialisation races are real).

faulthandler writes every thread's Python stack to STACKS on a fatal signal,
and HANG_AFTER seconds in; a second later a watch thread ends the hung
process with SIGQUIT, whose default action writes a core for every thread's C
frames (exit code 1 where SIGQUIT is ignored; gilmatrix kills the run only if
neither happens), so a crash or a hang still says where each thread was. EXERCISED gets one line per MODULE
the moment Python code first calls a function, method or type of it
(sys.monitoring CALL events; operators and other slots are not seen), so the
list survives a crash."""
import faulthandler
import importlib
import importlib.util
import inspect
import json
import os
import signal
import sys
import threading
import time
import traceback
import types


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)
    return bool(probe()) if probe else True


class ExerciseWatch:
    """Records which of `modules` Python code calls into, once each."""

    TOOL = 4  # a free sys.monitoring tool id (0-2 and 5 are named for debuggers, coverage, profilers, optimizers)

    def __init__(self, path, modules):
        self.modules = set(modules)
        self.seen = set()
        self.lock = threading.Lock()
        self.out = open(path, "w")
        monitoring = getattr(sys, "monitoring", None)
        self.active = monitoring is not None
        if self.active:
            monitoring.use_tool_id(self.TOOL, "gilmatrix-stress")
            monitoring.register_callback(self.TOOL, monitoring.events.CALL, self.on_call)
            monitoring.set_events(self.TOOL, monitoring.events.CALL)

    def owner(self, target):
        name = getattr(target, "__module__", None)
        if isinstance(name, str):
            return name
        bound = getattr(target, "__self__", None)
        if isinstance(bound, types.ModuleType):
            return bound.__name__
        if bound is not None:
            return getattr(type(bound), "__module__", None)
        return None

    def on_call(self, code, offset, target, arg0):
        name = self.owner(target)
        if name in self.modules and name not in self.seen:
            with self.lock:
                if name not in self.seen:
                    self.seen.add(name)
                    self.out.write(name + "\n")
                    self.out.flush()
        return sys.monitoring.DISABLE  # each call site reports once: cheap after the first call

    def stop(self):
        if self.active:
            sys.monitoring.set_events(self.TOOL, 0)
            sys.monitoring.free_tool_id(self.TOOL)
        self.out.close()


def run_together(threads, iterations, work):
    """Calls work() `iterations` times on each of `threads` threads released
    together; returns (calls, failures, the first failure's traceback)."""
    barrier = threading.Barrier(threads)
    lock = threading.Lock()
    tally = {"calls": 0, "failures": 0, "first": None}

    def body():
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        for _ in range(iterations):
            try:
                work()
                ok, text = True, None
            except BaseException:
                ok, text = False, traceback.format_exc()
            with lock:
                tally["calls"] += 1
                if not ok:
                    tally["failures"] += 1
                    if tally["first"] is None:
                        tally["first"] = text

    workers = [threading.Thread(target=body, name=f"stress-{i}") for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return tally["calls"], tally["failures"], tally["first"]


def stress_functions(path):
    sys.dont_write_bytecode = True  # no __pycache__ beside the user's stress file
    spec = importlib.util.spec_from_file_location("gilmatrix_stress", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["gilmatrix_stress"] = module
    spec.loader.exec_module(module)
    found = []
    for name, value in vars(module).items():
        if name.startswith("test_") and inspect.isfunction(value):
            found.append((name, value))
    return found


def allow_core_dump():
    """A crash leaves a core in the run's folder (the working directory, where
    kernel.core_pattern `core` puts it) for gilmatrix to read every thread's C
    frames from with gdb (ThreadSanitizer can turn cores off again, its
    disable_coredump; here its processes wrote them)."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass


def end_when_hung(after, finished):
    """A second after faulthandler's hang dump, ends the run with SIGQUIT: its
    default action writes a core (allow_core_dump), from which gilmatrix reads
    where every thread waited in C. A thread, not a signal handler: Python
    code waiting on a lock lets it run, on any build."""
    def watch():
        if finished.wait(after + 1.0):
            return
        os.kill(os.getpid(), signal.SIGQUIT)
        time.sleep(1.0)
        os._exit(1)  # SIGQUIT ignored: end without a core
    threading.Thread(target=watch, name="gilmatrix-hang-watch", daemon=True).start()


def main(output, stacks, exercised, threads, iterations, hang_after, stress_file, modules):
    allow_core_dump()
    stack_file = open(stacks, "w")
    faulthandler.enable(file=stack_file, all_threads=True)
    faulthandler.dump_traceback_later(hang_after, repeat=False, file=stack_file, exit=False)
    finished = threading.Event()
    end_when_hung(hang_after, finished)
    result = {"gil_enabled_at_start": gil_enabled(), "functions": [], "error": None, "watched": False}
    watch = ExerciseWatch(exercised, modules)
    result["watched"] = watch.active
    try:
        if stress_file == "-":
            for name in modules:
                calls, failures, first = run_together(threads, 1, lambda name=name: importlib.import_module(name))
                result["functions"].append({"name": "import " + name, "calls": calls, "failures": failures,
                                            "first_failure": first or ""})
        else:
            functions = stress_functions(stress_file)
            if not functions:
                result["error"] = f"{stress_file} defines no test_* function"
            for name, function in functions:
                if any(p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                       for p in inspect.signature(function).parameters.values()):
                    result["functions"].append({"name": name, "calls": 0, "failures": 0,
                                                "first_failure": f"{name} takes arguments; stress functions take none"})
                    continue
                calls, failures, first = run_together(threads, iterations, function)
                result["functions"].append({"name": name, "calls": calls, "failures": failures,
                                            "first_failure": first or ""})
    except BaseException:
        result["error"] = traceback.format_exc()
    faulthandler.cancel_dump_traceback_later()
    finished.set()
    watch.stop()
    result["gil_enabled_at_end"] = gil_enabled()
    result["loaded"] = {name: getattr(sys.modules[name], "__file__", None) for name in modules if name in sys.modules}
    with open(output, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    a = sys.argv
    main(a[1], a[2], a[3], int(a[4]), int(a[5]), float(a[6]), a[7], a[8:])
