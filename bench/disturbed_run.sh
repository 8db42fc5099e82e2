#!/usr/bin/env bash
# Issue 8's acceptance, measured: the same matrix once quiet and once with a
# CPU hog pinned to the last core for the first HOG_SECONDS of the run. Every
# cell the hog overlapped must be set aside and measured again, and no
# speedup may end up more than 10% from the quiet run's. Prints figures;
# asserts nothing. Run nothing else meanwhile.
#
#   bench/disturbed_run.sh [MATRIX] [HOG_SECONDS] [-- RUN OPTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
matrix=${1:-matrices/quick.toml}
hog_seconds=${2:-60}
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
gilmatrix=${GILMATRIX:-build/release/gilmatrix}
out=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-bench.XXXXXX")
trap 'rm -rf "$out"; [ -n "${hog:-}" ] && kill "$hog" 2>/dev/null || true' EXIT
last_core=$(( $(nproc) - 1 ))

"$gilmatrix" run "$matrix" --out "$out/quiet" "$@" > "$out/quiet.txt" 2>&1 || true
taskset -c "$last_core" python3 -c "import time
end = time.time() + $hog_seconds
while time.time() < end: pass" &
hog=$!
"$gilmatrix" run "$matrix" --out "$out/hog" "$@" > "$out/hog.txt" 2>&1 || true
wait "$hog" 2> /dev/null || true
hog=

echo "hog: core $last_core for the first ${hog_seconds}s of the second run"
jq -rs '
  (.[0].cells | map({(.key): .}) | add) as $quiet
  | .[1] as $hog
  | [$hog.cells[] | select(.speedup != null and .workers > 1)
     | {key, hog: .speedup, quiet: $quiet[.key].speedup, disturbed, implausible,
        aside: ([.attempts[] | select(.kept == false)] | length)}
     | select(.quiet != null)
     | . + {diff: ((.hog - .quiet) / .quiet)}] as $rows
  | ($rows[] | "\(.key): quiet \(.quiet * 100 | round / 100)x, with hog \(.hog * 100 | round / 100)x (\(.diff * 1000 | round / 10)%), \(.aside) rounds set aside\(if .disturbed then ", flagged disturbed" else "" end)"),
    "",
    "rounds set aside in the disturbed run: \([$hog.cells[].attempts[] | select(.kept == false)] | length); cells flagged disturbed: \([$hog.cells[] | select(.disturbed)] | length)",
    "largest difference from the quiet run among unflagged cells: \([$rows[] | select(.disturbed | not) | .diff | fabs] | max // 0 | . * 1000 | round / 10)%  (target <= 10%)"
' "$out/quiet/results.json" "$out/hog/results.json"
