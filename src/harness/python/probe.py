"""gilmatrix probe: what kind of interpreter is this? Writes one JSON object.

Runs with PYTHON_GIL unset, so `gil_enabled` is the build's default at start-up.
"""
import json
import platform
import sys
import sysconfig


def has_module(name):
    import importlib.util
    try:
        return importlib.util.find_spec(name) is not None
    except Exception:
        return False


def main(output_path):
    gil_disabled_build = sysconfig.get_config_var("Py_GIL_DISABLED")
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    info = {
        "executable": sys.executable,
        "version": platform.python_version(),
        "version_info": list(sys.version_info[:3]),
        "implementation": sys.implementation.name,
        "free_threaded": bool(gil_disabled_build),
        "py_gil_disabled": int(gil_disabled_build or 0),
        # Before 3.13 there is no way to run without the GIL: it is always on.
        "gil_enabled": bool(is_gil_enabled()) if is_gil_enabled else True,
        "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX") or "",
        "abiflags": getattr(sys, "abiflags", ""),
        "soabi": sysconfig.get_config_var("SOABI") or "",
        "platform": sysconfig.get_platform(),
        "compiler": platform.python_compiler(),
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
        "in_venv": sys.prefix != sys.base_prefix,
        "config_args": sysconfig.get_config_var("CONFIG_ARGS") or "",
        "subinterpreters": has_module("_interpreters") or has_module("_xxsubinterpreters"),
    }
    with open(output_path, "w") as out:
        json.dump(info, out)


if __name__ == "__main__":
    main(sys.argv[1])
