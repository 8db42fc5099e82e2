#!/usr/bin/env bash
# Configures and compiles gilmatrix (release preset) into build/release:
# everything, or only the targets named (scripts/build.sh gilmatrix).
set -euo pipefail
cd "$(dirname "$0")/.."
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --preset release > /dev/null
cmake --build --preset release -j"$(nproc)" "${targets[@]}"
