#!/usr/bin/env bash
# `gilmatrix compare` and `gilmatrix merge` on generated results with 10,000
# cells (bench/generate_results.py): wall time of each, best of 3. Prints the
# figures; asserts nothing. Target: each under 1 s.
#
#   bench/compare_merge_10k.sh [CELLS]
set -euo pipefail
cd "$(dirname "$0")/.."
cells=${1:-10000}
gilmatrix=${GILMATRIX:-build/release/gilmatrix}
out=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
python3 bench/generate_results.py "$out" --cells "$cells" --shards 2

# "wall s (cpu s)" of the fastest of three runs; cpu is user + system time, the
# figure that does not grow when other work shares the machine.
best_of_3() {
  local best="" best_cpu=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %U %S" -o "$out/time.txt" "$@" > /dev/null 2>&1 || [ $? -eq 1 ]  # compare: 1 = regressions
    read -r wall user system < <(tail -1 "$out/time.txt")  # after "Command exited with non-zero status 1"
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" -eq 1 ]; then
      best=$wall
      best_cpu=$(echo "$user + $system" | bc)
    fi
  done
  printf '%.2f s (cpu %.2f s)' "$best" "$best_cpu"
}

echo "results:  $cells cells, $(du -h "$out/new/results.json" | cut -f1) per results.json"
echo "compare:  $(best_of_3 "$gilmatrix" compare "$out/old" "$out/new")  text; target < 1 s"
echo "compare:  $(best_of_3 "$gilmatrix" compare "$out/old" "$out/new" --format json)  json"
echo "merge:    $(best_of_3 "$gilmatrix" merge "$out/shard-1" "$out/shard-2" --out "$out/merged")  2 shards; results.json, report.md, charts; target < 1 s"
echo "load:     $(uptime | sed 's/.*load average: //') (load average while measuring)"
"$gilmatrix" compare "$out/old" "$out/new" --format json | jq -r '"compare found: \(.counts.regressions) regressions, \(.counts.cells_compared) cells and \(.counts.modules_compared) modules compared"'
echo "merged:   $(jq '.cells | length' "$out/merged/results.json") cells, $(ls "$out/merged"/*.svg | wc -l) charts"
