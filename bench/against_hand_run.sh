#!/usr/bin/env bash
# gilmatrix's threads speedups against an independent hand-run measurement
# (bench/hand_threads.py: barrier, weak scaling, median of 5) on the same
# interpreters, workloads and iteration counts, side by side in one run, each
# pair taken one right after the other. Run nothing else meanwhile. Prints
# figures; asserts nothing. Target: within 5%.
#
#   bench/against_hand_run.sh [PYTHON...]   (default pyenv's 3.12.1 and 3.13.0, and
#                                            the cached 3.13.15t when present)
set -euo pipefail
cd "$(dirname "$0")/.."
gilmatrix=$(realpath "${GILMATRIX:-build/release/gilmatrix}")
out=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
root=${PYENV_ROOT:-$HOME/.pyenv}
pythons=("$@")
if [ ${#pythons[@]} -eq 0 ]; then
  pythons=("$root/versions/3.12.1/bin/python3" "$root/versions/3.13.0/bin/python3")
  ft=$(ls -d "${XDG_CACHE_HOME:-$HOME/.cache}"/gilmatrix/builds/3.13.15t-*/install/bin/python3 2>/dev/null | head -1 || true)
  [ -n "$ft" ] && pythons+=("$ft")
fi
workers=$(nproc)
printf '%-10s %-18s %10s %10s %8s\n' python workload gilmatrix hand diff
for python in "${pythons[@]}"; do
  for workload in cpu_pure_python hashlib_sha256 zlib_compress; do
    file=$(realpath "workloads/$workload.py")
    cat > "$out/m.toml" <<TOML
schema = 1
[defaults]
workers = [1, $workers]
repeats = 5
[[build]]
name = "b"
interpreter = "$python"
[[workload]]
name = "w"
file = "$file"
executors = ["threads"]
TOML
    rm -rf "$out/run"
    "$gilmatrix" run "$out/m.toml" --out "$out/run" > "$out/log.txt" 2>&1 || true
    iterations=$(jq '.cells[0].iterations' "$out/run/results.json")
    ours=$(jq ".cells[] | select(.workers == $workers) | .speedup" "$out/run/results.json")
    t1=$("$python" bench/hand_threads.py "$file" 1 "$iterations" | jq .median)
    tn=$("$python" bench/hand_threads.py "$file" "$workers" "$iterations" | jq .median)
    hand=$(echo "$workers * $t1 / $tn" | bc -l)
    version=$("$python" -c 'import sys, sysconfig; print(sys.version.split()[0] + ("t" if sysconfig.get_config_var("Py_GIL_DISABLED") else ""))')
    printf '%-10s %-18s %9.2fx %9.2fx %+7.1f%%\n' "$version" "$workload" "$ours" "$hand" \
      "$(echo "($ours - $hand) / $hand * 100" | bc -l)"
  done
done

# Free-threading overhead: gilmatrix's paired figure (wall time per unit, 1
# worker) against bench/hand_overhead.py's independent paired one, for each
# cached GIL build and its free-threaded twin (3.13.15/3.13.15t, 3.14.7/3.14.7t).
cache=${XDG_CACHE_HOME:-$HOME/.cache}/gilmatrix/builds
printf '\n%-16s %-16s %-22s %-22s\n' twins workload "gilmatrix (wall)" "hand (wall)"
for version in 3.13.15 3.14.7; do
  gil=$(ls -d "$cache/$version"-*/install/bin/python3 2>/dev/null | head -1 || true)
  ft=$(ls -d "$cache/${version}t"-*/install/bin/python3 2>/dev/null | head -1 || true)
  [ -n "$gil" ] && [ -n "$ft" ] || continue
  for workload in cpu_pure_python json_roundtrip; do
    file=$(realpath "workloads/$workload.py")
    cat > "$out/o.toml" <<TOML
schema = 1
[defaults]
workers = [1]
repeats = "auto"
[[build]]
name = "gil"
interpreter = "$gil"
[[build]]
name = "ft"
interpreter = "$ft"
[[workload]]
name = "w"
file = "$file"
executors = ["threads"]
TOML
    rm -rf "$out/run"
    "$gilmatrix" run "$out/o.toml" --out "$out/run" > "$out/log.txt" 2>&1 || true
    ours=$(jq -r '.overhead[0] | "\(.slowdown * 1000 | round / 10)% [\(.interval.low * 1000 | round / 10), \(.interval.high * 1000 | round / 10)]"' "$out/run/results.json")
    iterations=$(jq '[.cells[] | select(.build == "gil")][0].iterations' "$out/run/results.json")
    hand=$(python3 bench/hand_overhead.py "$gil" "$ft" "$file" "$iterations" 4 0 8 |
      jq -r '"\(.overhead * 1000 | round / 10)% [\(.low * 1000 | round / 10), \(.high * 1000 | round / 10)]"')
    printf '%-16s %-16s %-22s %-22s\n' "$version/${version}t" "$workload" "$ours" "$hand"
  done
done
