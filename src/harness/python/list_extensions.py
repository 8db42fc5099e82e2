"""gilmatrix: which extension modules each installed distribution put in this
environment, read from the distributions' RECORD files, and which of its
binaries were built for another interpreter (a file named for another CPython
version or variant, which this interpreter never loads). Writes one JSON object."""
import importlib.machinery
import importlib.metadata
import json
import os
import re
import sys
import sysconfig

# The part of an extension's file name that names the interpreter it was built
# for: .cpython-313t-x86_64-linux-gnu.so, .cp313-win_amd64.pyd, .pypy310-pp73-....so
INTERPRETER_SUFFIX = re.compile(r"\.((?:cpython-|cp|pypy)\d[\w-]*)\.(so|pyd)$")


def module_name(relative_path, suffixes):
    for suffix in sorted(suffixes, key=len, reverse=True):
        if relative_path.endswith(suffix):
            stem = relative_path[: -len(suffix)]
            return stem.replace("/", ".").replace(os.sep, ".")
    return None


def built_for_other_interpreter(relative_path, suffixes):
    """The module name and suffix of a binary named for another interpreter, else None."""
    match = INTERPRETER_SUFFIX.search(relative_path)
    if not match or any(relative_path.endswith(s) for s in suffixes if s != ".so" and s != ".pyd"):
        return None
    stem = relative_path[: match.start()]
    return {"module": stem.replace("/", ".").replace(os.sep, "."), "suffix": match.group(0)}


def main(output_path):
    purelib = sysconfig.get_paths()["purelib"]
    platlib = sysconfig.get_paths()["platlib"]
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    found = []
    seen = set()
    # purelib and platlib are usually the same folder: list each distribution once.
    for dist in importlib.metadata.distributions(path=list(dict.fromkeys([purelib, platlib]))):
        if dist.metadata["Name"] in seen:
            continue
        seen.add(dist.metadata["Name"])
        modules, foreign = [], []
        for file in dist.files or []:
            path = str(file)
            if path.startswith(".."):
                continue
            other = built_for_other_interpreter(path, suffixes)
            if other:
                foreign.append(dict(other, file=str(dist.locate_file(file))))
                continue
            name = module_name(path, suffixes) if any(path.endswith(s) for s in suffixes) else None
            if name:
                modules.append({"module": name, "file": str(dist.locate_file(file))})
        # A binary for another interpreter beside one for this interpreter is
        # harmless (some packages ship several); alone, the module is missing here.
        loadable = {m["module"] for m in modules}
        foreign = [f for f in foreign if f["module"] not in loadable]
        found.append({"name": dist.metadata["Name"], "version": dist.version,
                      "modules": sorted(modules, key=lambda m: m["module"]),
                      "other_interpreter_binaries": sorted(foreign, key=lambda m: m["module"])})
    with open(output_path, "w") as out:
        json.dump({"site_packages": purelib, "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX") or "",
                   "distributions": found}, out)


if __name__ == "__main__":
    main(sys.argv[1])
