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
