#!/usr/bin/env bash
# Orchestration overhead of a run: how much of the machine's time went into
# kept, measured work. Prints the figures; asserts nothing. Run nothing else
# meanwhile.
#
#   bench/orchestration_overhead.sh [MATRIX] [-- extra run options, e.g. --isolation packed]
#
# packed:    overhead = 1 - (sum over cells of kept sample seconds x cores reserved) / (wall x usable cores)
# exclusive: cells run one at a time by design, so the other cores idle; its
#            overhead is the share of the wall time no cell was being timed:
#            1 - (sum over cells of kept sample seconds) / wall
# Target: at most 5%. Calibration and rounds set aside count as overhead.
set -euo pipefail
cd "$(dirname "$0")/.."
matrix=${1:-matrices/quick.toml}
shift $(( $# > 0 ? 1 : 0 ))
[ "${1:-}" = "--" ] && shift
gilmatrix=${GILMATRIX:-build/release/gilmatrix}
out=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

start=$(date +%s.%N)
"$gilmatrix" run "$matrix" --out "$out/run" "$@" > "$out/log.txt" 2>&1 || true
end=$(date +%s.%N)

jq -r --arg outer "$(echo "$end - $start" | bc)" '
  def cores: if .executor == "asyncio" then 1 else .workers end;
  (.environment.usable_cores) as $cores
  | [.cells[] | select(.status == "ok")] as $ok
  | ($ok | map((.samples | add) * cores) | add) as $measured
  | ($ok | map(.samples | add) | add) as $timed
  | ([.cells[].attempts[] | select(.kept == false) | .samples | add] | add // 0) as $aside
  | ([.cells[] | .wall_seconds] | add) as $harness
  | (.wall_seconds * $cores) as $available
  | "matrix:                       \(.matrix.name) (\(.cells | length) cells, \($cores) cores, \(.measurement.isolation) isolation)",
    "gilmatrix wall time:          \($outer | tonumber * 100 | round / 100) s (run itself \(.wall_seconds * 100 | round / 100) s)",
    "kept measured work:           \($timed * 100 | round / 100) s; set aside: \($aside * 100 | round / 100) s",
    "measured core-seconds:        \($measured * 100 | round / 100) of \($available * 100 | round / 100) available",
    "harness processes (s):        \($harness * 100 | round / 100)  (start-up, calibration excluded, setup, warm-up)",
    if .measurement.isolation == "exclusive" then
      "orchestration overhead:       \((1 - $timed / .wall_seconds) * 1000 | round / 10) % of the wall time timed no cell (target <= 5 %); machine use \($measured / $available * 1000 | round / 10) %"
    else
      "orchestration overhead:       \((1 - $measured / $available) * 1000 | round / 10) %  (target <= 5 %)"
    end
' "$out/run/results.json"
