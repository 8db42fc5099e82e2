"""gilmatrix import check: imports the named modules in this fresh process
(PYTHON_GIL unset) and records whether the GIL was switched on, and by which
module: only the first module without Py_mod_gil warns, naming itself, so the
module blamed can differ from the module imported. Writes one JSON object; a
crash or hang leaves no file and is classified by gilmatrix from the exit."""
import importlib
import json
import re
import sys
import traceback
import warnings

GIL_WARNING = re.compile(r"GIL\) has been enabled to load module '([^']+)'")


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)
    return bool(probe()) if probe else True


def main(output_path, modules):
    result = {"modules": modules, "gil_enabled_before": gil_enabled(), "error": None,
              "warning": None, "attributed_to": None}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for name in modules:
                importlib.import_module(name)
        except BaseException:
            result["error"] = traceback.format_exc()
    for warning in caught:
        match = GIL_WARNING.search(str(warning.message))
        if match and result["attributed_to"] is None:
            result["warning"] = str(warning.message)
            result["attributed_to"] = match.group(1)
    result["gil_enabled_after"] = gil_enabled()
    with open(output_path, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
