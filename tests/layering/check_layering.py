#!/usr/bin/env python3
"""Fails when a source file includes a later layer than its own.

The layers and their order are the rows of the table in docs/ARCHITECTURE.md
("| `util/` | ..."): each folder under src/ uses only the folders listed
before it (and itself). A folder under src/ that the table does not list is
an error too, so a new layer is placed in the table before it is used.

    check_layering.py SRC_DIR ARCHITECTURE_MD
    check_layering.py --self-test
"""
import pathlib
import re
import sys
import tempfile

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]+"([^"/]+)/[^"]+"', re.MULTILINE)
TABLE_ROW = re.compile(r"^\|\s*`([a-z_]+)/`\s*\|", re.MULTILINE)


def layers_from(architecture: pathlib.Path) -> list[str]:
    layers = TABLE_ROW.findall(architecture.read_text())
    if not layers:
        raise SystemExit(f"{architecture}: no layer table (rows like '| `util/` | ... |') found")
    return layers


def violations(src: pathlib.Path, layers: list[str]) -> list[str]:
    rank = {name: i for i, name in enumerate(layers)}
    found = []
    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        if folder.name not in rank:
            found.append(f"src/{folder.name}/ is not a layer in the ARCHITECTURE.md table: add it where it belongs")
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".cpp", ".hpp"):
                continue
            text = path.read_text(errors="replace")
            for match in INCLUDE.finditer(text):
                used = match.group(1)
                if used in rank and rank[used] > rank[folder.name]:
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(src.parent)}:{line}: {folder.name}/ includes {used}/, "
                                 f"a later layer ({folder.name}/ may use only: {', '.join(layers[:rank[folder.name] + 1])})")
    return found


def self_test() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "ARCHITECTURE.md").write_text("| folder | owns |\n|---|---|\n| `low/` | a |\n| `high/` | b |\n")
        (root / "src/low").mkdir(parents=True)
        (root / "src/high").mkdir(parents=True)
        (root / "src/high/ok.cpp").write_text('#include "low/a.hpp"\n#include "high/b.hpp"\n#include <vector>\n')
        layers = layers_from(root / "ARCHITECTURE.md")
        assert layers == ["low", "high"], layers
        assert violations(root / "src", layers) == [], "a correct tree was refused"
        (root / "src/low/bad.hpp").write_text('#pragma once\n\n#include "high/b.hpp"\n')
        found = violations(root / "src", layers)
        assert len(found) == 1 and "low/bad.hpp:3: low/ includes high/" in found[0], found
        (root / "src/stray").mkdir()
        assert any("src/stray/ is not a layer" in v for v in violations(root / "src", layers))
    print("self-test passed: a backward include and an unlisted folder are caught")
    return 0


def main(argv: list[str]) -> int:
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, architecture = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    layers = layers_from(architecture)
    found = violations(src, layers)
    for v in found:
        print(v)
    if found:
        print(f"{len(found)} include(s) against the layering of {architecture}", file=sys.stderr)
        return 1
    print(f"layering holds: {len(layers)} layers ({' < '.join(layers)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
