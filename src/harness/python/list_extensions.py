"""gilmatrix: which extension modules each installed distribution put in this
environment, read from the distributions' RECORD files. Writes one JSON object."""
import importlib.machinery
import importlib.metadata
import json
import os
import sys
import sysconfig


def module_name(relative_path, suffixes):
    for suffix in sorted(suffixes, key=len, reverse=True):
        if relative_path.endswith(suffix):
            stem = relative_path[: -len(suffix)]
            return stem.replace("/", ".").replace(os.sep, ".")
    return None


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
        modules = []
        for file in dist.files or []:
            path = str(file)
            if path.startswith("..") or not any(path.endswith(s) for s in suffixes):
                continue
            name = module_name(path, suffixes)
            if name:
                modules.append({"module": name, "file": str(dist.locate_file(file))})
        found.append({"name": dist.metadata["Name"], "version": dist.version,
                      "modules": sorted(modules, key=lambda m: m["module"])})
    with open(output_path, "w") as out:
        json.dump({"site_packages": purelib, "distributions": found}, out)


if __name__ == "__main__":
    main(sys.argv[1])
