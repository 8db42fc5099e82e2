#!/usr/bin/env bash
# Orchestration overhead of a run: how much of the machine's time went into
# measured work. Prints the figures; asserts nothing.
#
#   bench/orchestration_overhead.sh [MATRIX]      (default matrices/quick.toml)
#
# measured core-seconds  = sum over cells of (sum of its samples) x (cores it reserved)
# available core-seconds = run wall time x usable cores
# overhead               = 1 - measured / available      (target: at most 5%)
set -euo pipefail
cd "$(dirname "$0")/.."
matrix=${1:-matrices/quick.toml}
gilmatrix=${GILMATRIX:-build/release/gilmatrix}
out=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

start=$(date +%s.%N)
"$gilmatrix" run "$matrix" --out "$out/run" > "$out/log.txt" 2>&1 || true
end=$(date +%s.%N)

jq -r --arg outer "$(echo "$end - $start" | bc)" '
  (.environment.usable_cores) as $cores
  | ([.cells[] | select(.status == "ok") | (.samples | add) * .workers] | add) as $measured
  | ([.cells[] | select(.status == "ok") | (.samples | add)] | add) as $work
  | ([.cells[] | .wall_seconds * .workers] | add) as $harness
  | (.wall_seconds * $cores) as $available
  | "matrix:                       \(.matrix.name) (\(.cells | length) cells, \($cores) cores)",
    "gilmatrix wall time:          \($outer | tonumber * 100 | round / 100) s (run itself \(.wall_seconds * 100 | round / 100) s)",
    "sum of measured work:         \($work * 100 | round / 100) s",
    "measured core-seconds:        \($measured * 100 | round / 100) of \($available * 100 | round / 100) available",
    "harness processes (core-s):   \($harness * 100 | round / 100)  (start-up, setup, warm-up included)",
    "orchestration overhead:       \((1 - $measured / $available) * 1000 | round / 10) %  (target <= 5 %)"
' "$out/run/results.json"
