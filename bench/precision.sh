#!/usr/bin/env bash
# How precise one run's figures came out, against issue 17's acceptance: the
# share of speedups whose 95% interval is within ±5% (and ±3%), the median
# half-width, every free-threading overhead figure (CPU time, wall time,
# memory) within ±3 points or marked as having hit its budget, and how long
# measuring took. Prints figures; asserts nothing.
#
#   bench/precision.sh RESULTS.json
set -euo pipefail
results=${1:?usage: bench/precision.sh RESULTS.json}
jq -r '
  def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
                     else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def half(i; e): if i == null then null else (i.high - i.low) / 2 / e end;
  def pct: if . == null then "none" else (. * 1000 | round / 10 | tostring) + "%" end;
  def points: if . == null then "none" else (. * 1000 | round / 10 | tostring) end;
  [.cells[] | select(.workers > 1 and .speedup != null) | half(.speedup_interval; .speedup)] as $h
  | ($h | map(select(. != null))) as $known
  | "speedups: \($h | length); within ±5%: \($known | map(select(. <= 0.05)) | length) "
    + "(\(if ($h | length) > 0 then ($known | map(select(. <= 0.05)) | length) * 100 / ($h | length) | round else 0 end)%), "
    + "within ±3%: \($known | map(select(. <= 0.03)) | length); median half-width \($known | median | pct); "
    + "no interval: \(($h | length) - ($known | length))",
    (.overhead[] | "overhead \(.workload) \(.free_threaded_build)/\(.gil_build): CPU \(.cpu_slowdown | points)% ±\((.cpu_interval // null) | if . then (.high - .low) / 2 else null end | points), "
      + "wall \(.slowdown | points)% ±\((.interval // null) | if . then (.high - .low) / 2 else null end | points), "
      + "memory \(.memory_overhead | points)% ±\((.memory_interval // null) | if . then (.high - .low) / 2 else null end | points)"),
    ([.overhead[] | [(if .cpu_slowdown != null then .cpu_interval else .interval end), .memory_interval]
                   | map(if . then (.high - .low) / 2 else 1 end) | max] as $o
     | "overhead records: \($o | length); headline time (CPU time, or wall time for work that waits) and memory "
       + "both within ±3 points: \($o | map(select(. <= 0.03)) | length)"),
    "cells: \(.cells | length); measured ok: \([.cells[] | select(.status == "ok")] | length); "
    + "stopped by the run budget: \([.cells[] | select((.stop_reason // "") | test("run.s budget"))] | length); "
    + "samples measured: \([.cells[].attempts[].samples[]] | add | floor) s"
' "$results"
