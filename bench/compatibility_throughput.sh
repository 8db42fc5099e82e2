#!/usr/bin/env bash
# The compatibility phase on warm caches (interpreters built, environments
# cached): core utilisation of gilmatrix, and its throughput against a plain
# serial shell loop doing the same venv, pip and import steps from scratch. Prints figures; asserts nothing.
# Targets: utilisation >= 90% of the cores, throughput >= 1.8x the loop.
#
#   bench/compatibility_throughput.sh [MIRROR]   (default ../shared/mirror)
set -euo pipefail
cd "$(dirname "$0")/.."
mirror=$(realpath "${1:-../shared/mirror}")
gilmatrix=$(realpath "${GILMATRIX:-build/release/gilmatrix}")
fixtures=$(realpath tests/fixtures/extensions)
work=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cores=$(nproc)

cat > "$work/m.toml" <<TOML
schema = 1
[[build]]
name = "3.13t"
version = "3.13.15"
free-threaded = true
[[build]]
name = "3.13"
version = "3.13.15"
[[build]]
name = "3.12"
interpreter = "3.12.1"
[[packages]]
name = "bench"
requirements = ["$fixtures/gil_default", "$fixtures/gil_free", "$fixtures/two_modules", "pyrsistent==0.20.0", "crcmod==1.7"]
TOML
# Warm the caches (builds and environments).
"$gilmatrix" run "$work/m.toml" --mirror "$mirror" --offline --out "$work/warm" > /dev/null 2>&1 || true

# gilmatrix, warm: CPU time of the whole process tree / (wall x cores).
/usr/bin/time -f "%e %U %S" -o "$work/time.txt" \
  "$gilmatrix" run "$work/m.toml" --mirror "$mirror" --offline --out "$work/run" > /dev/null 2>&1 || true
read -r gm_wall gm_user gm_sys < <(tail -1 "$work/time.txt")

# The plain serial loop a person would write: for each interpreter a fresh
# venv, the same pip installs, then one fresh-process import per module.
start=$(date +%s.%N)
n=0
for python in $(jq -r '.builds[] | select(.status == "ok") | .python' "$work/run/results.json"); do
  n=$((n + 1))
  venv="$work/loop-$n"
  "$python" -m venv "$venv"
  pip=("$venv/bin/python" -m pip install -q --no-index --no-build-isolation --find-links "$mirror/sdists")
  "${pip[@]}" setuptools > /dev/null 2>&1 || true
  for requirement in $(jq -r '.installs[] | .requirement' "$work/run/results.json" | sort -u); do
    "${pip[@]}" "$requirement" > /dev/null 2>&1 || true
  done
  for module in $(jq -r '.module_checks[] | .module' "$work/run/results.json" | sort -u); do
    "$venv/bin/python" -c "import sys, $module; sys._is_gil_enabled()" > /dev/null 2>&1 || true
  done
done
loop=$(echo "$(date +%s.%N) - $start" | bc)

modules=$(jq '.module_checks | length' "$work/run/results.json")
printf 'module checks:            %d on %d builds, %d cores\n' "$modules" 3 "$cores"
printf 'gilmatrix (warm) wall:    %6.2f s, CPU %.2f s: utilisation %.0f %% of %d cores (target >= 90 %%)\n' \
  "$gm_wall" "$(echo "$gm_user + $gm_sys" | bc)" "$(echo "100 * ($gm_user + $gm_sys) / ($gm_wall * $cores)" | bc -l)" "$cores"
printf 'serial shell loop wall:   %6.2f s\n' "$loop"
printf 'throughput vs loop:       %6.2f x (target >= 1.8)\n' "$(echo "$loop / $gm_wall" | bc -l)"
