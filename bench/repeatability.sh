#!/usr/bin/env bash
# Repeatability of speedups: the same matrix run RUNS times back to back (run
# nothing else meanwhile). For every cell above 1 worker that was not marked
# in any run (disturbed, implausible, missed the precision target of a
# repeats = "auto" run, or its rounds fell into two regimes), the spread of its speedup across runs:
# (max - min) / median; for every free-threading overhead figure, its spread
# in points. Prints figures; asserts nothing.
# Targets: at most 5% for unmarked speedups, 3 points for overheads.
#
#   bench/repeatability.sh [MATRIX] [RUNS] [-- extra run options, e.g. --isolation packed]
set -euo pipefail
cd "$(dirname "$0")/.."
matrix=${1:-matrices/quick.toml}
runs=${2:-3}
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
gilmatrix=${GILMATRIX:-build/release/gilmatrix}
# BENCH_OUT=DIR keeps every run's results there; otherwise they are removed.
if [ -n "${BENCH_OUT:-}" ]; then
  out=$BENCH_OUT
  mkdir -p "$out"
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-bench.XXXXXX")
  trap 'rm -rf "$out"' EXIT
fi

for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$gilmatrix" run "$matrix" --out "$out/run$i" "$@" > "$out/log$i.txt" 2>&1 || true
  end=$(date +%s.%N)
  echo "run $i: $(echo "$end - $start" | bc | xargs printf '%.0f') s, $(jq '[.cells[].attempts[] | select(.kept == false)] | length' "$out/run$i/results.json") rounds set aside, $(jq '[.cells[] | select(.disturbed)] | length' "$out/run$i/results.json") disturbed, $(jq '[.cells[] | select(.implausible)] | length' "$out/run$i/results.json") implausible, $(jq '.measurement.precision as $p | [.cells[] | select(.auto_repeats and .workers > 1 and .speedup_interval != null and ((.speedup_interval.high - .speedup_interval.low) / 2 / .speedup > $p))] | length' "$out/run$i/results.json") missed the precision target, measuring $(jq -r '[.cells[].attempts[].samples[]] | add | floor' "$out/run$i/results.json") s of samples"
done

jq -rs --argjson runs "$runs" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  [.[] | .measurement.precision as $p | [.findings[]? | select(.kind == "regimes") | .cell] as $split
   | .cells[] | select(.workers > 1 and .speedup != null)
   | . + {unstable: ((.auto_repeats and .speedup_interval != null
                      and ((.speedup_interval.high - .speedup_interval.low) / 2 / .speedup > $p))
                     or (.key as $k | $split | index($k) != null))}] | group_by(.key)
  | map(select(length == $runs))
  | map({key: .[0].key,
         speedups: map(.speedup),
         stable: all(.disturbed == false and .implausible == false and .unstable == false),
         widths: map(select(.speedup_interval) | (.speedup_interval.high - .speedup_interval.low) / .speedup)})
  | map(. + {spread: (((.speedups | max) - (.speedups | min)) / (.speedups | median))})
  | (map(select(.stable)) | map(.spread)) as $stable
  | (map("\(.key): " + (.speedups | map(. * 100 | round / 100 | tostring + "x") | join(" ")) + "  spread \(.spread * 1000 | round / 10)%" + (if .stable then "" else "  (not stable in every run)" end)) | .[]),
    "",
    "cells above 1 worker, not marked in any run: \($stable | length) of \(length)",
    (if ($stable | length) == 0 then "spread of their speedups across runs: no cell to judge"
     else "spread of their speedups across runs: median \($stable | median * 1000 | round / 10)%, max \($stable | max * 1000 | round / 10)%  (target <= 5%)" end),
    (if (map(.widths[]) | length) == 0 then "95% intervals: none (no cell kept two rounds)"
     else "95% interval width / speedup, median over all: \(map(.widths[]) | median * 1000 | round / 10)%" end)
' "$out"/run*/results.json

jq -rs --argjson runs "$runs" '
  [.[].overhead[] | . + {key: "\(.workload) \(.free_threaded_build)/\(.gil_build)",
                         figure: (.cpu_slowdown // .slowdown), interval: (.cpu_interval // .interval)}]
  | group_by(.key) | map(select(length == $runs))
  | if length == 0 then empty else
    (map("overhead \(.[0].key): " + (map(.figure * 1000 | round / 10 | tostring + "%") | join(" "))
         + "  spread \(((map(.figure) | max) - (map(.figure) | min)) * 1000 | round / 10) points"
         + "  half-widths " + (map(if .interval then ((.interval.high - .interval.low) / 2 * 1000 | round / 10 | tostring) else "none" end) | join(" ")))
     | .[]),
    "overhead spread across runs: max \(map((map(.figure) | max) - (map(.figure) | min)) | max * 1000 | round / 10) points (target <= 3)",
    # Marked as the report marks it: a time or memory half-width above 3 points in any run.
    (map(select(all(.interval != null and (.interval.high - .interval.low) / 2 <= 0.03
                    and (.memory_interval == null or (.memory_interval.high - .memory_interval.low) / 2 <= 0.03))))
     | "overhead figures not marked in any run: \(length); their spread across runs: max \(if length == 0 then "none" else (map((map(.figure) | max) - (map(.figure) | min)) | max * 1000 | round / 10 | tostring) + " points" end) (target <= 3)")
    end
' "$out"/run*/results.json
