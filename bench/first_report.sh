#!/usr/bin/env bash
# Fresh clone to the first default-matrix report, as a new user gets it from
# scripts/demo.sh, with a breakdown (target: at most 12 minutes on 2 cores).
#
#   bench/first_report.sh [MIRROR]      (default ../shared/mirror)
#
# Clones this checkout's HEAD into a temporary folder laid out like the
# project's machine (<tmp>/gilmatrix beside <tmp>/shared/mirror -> MIRROR),
# with an empty gilmatrix cache (XDG_CACHE_HOME) and an empty ccache
# (CCACHE_DIR), runs scripts/demo.sh there with every output line time-stamped,
# and prints the total and each phase: packages (install-deps.sh; seconds when
# they are already installed), compiling gilmatrix, obtaining and compiling the
# CPython builds (with each build's configure / make / install), package
# environments and import checks, measuring the cells, and the rest. Uncommitted
# changes are not measured: it is a fresh clone. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mirror=$(realpath "${1:-../shared/mirror}")
commit=$(git rev-parse HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-first-report.XXXXXX")
trap 'rm -rf "$work"' EXIT

git clone --quiet --no-checkout . "$work/gilmatrix"
git -C "$work/gilmatrix" checkout --quiet --detach "$commit"
mkdir -p "$work/shared" "$work/cache" "$work/ccache"
ln -s "$mirror" "$work/shared/mirror"

log="$work/demo.log"
set +e
(cd "$work/gilmatrix" && XDG_CACHE_HOME="$work/cache" CCACHE_DIR="$work/ccache" scripts/demo.sh 2>&1) |
  while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$log"
status=${PIPESTATUS[0]}
set -e
kept="${TMPDIR:-/tmp}/gilmatrix-first-report-$(date -u +%Y%m%dT%H%M%SZ).log"
cp "$log" "$kept"

# The time of the first (or last) line matching a pattern.
first() { awk -v p="$1" 'index($0, p) { print $1; exit }' "$log"; }
last() { awk -v p="$1" 'index($0, p) { t = $1 } END { print t }' "$log"; }
span() { echo "$2 - $1" | bc; }
row() { printf '%-44s %7.1f s  %5.1f min\n' "$1" "$2" "$(echo "$2 / 60" | bc -l)"; }

t0=$(head -1 "$log" | cut -d' ' -f1)
t_compile=$(first "demo: compiling gilmatrix")
t_run=$(first "demo: running the default matrix")
t_builds=$(last ", built from source: ")
[ -n "$t_builds" ] || t_builds=$(last ", from the build cache: ")
t_compat=$(first "package environments: ")
t_measure=$(first "measuring ")
t_finished=$(first "finished in ")
t_end=$(tail -1 "$log" | cut -d' ' -f1)

echo "fresh clone of $commit to the first report (scripts/demo.sh exit $status)"
row "total" "$(span "$t0" "$t_end")"
row "packages (scripts/install-deps.sh)" "$(span "$t0" "$t_compile")"
row "compiling gilmatrix" "$(span "$t_compile" "$t_run")"
row "CPython builds (all, side by side)" "$(span "$t_run" "$t_builds")"
for label in $(awk '/: not in the cache; building as / { print $3 }' "$log" | tr -d ':'); do
  started=$(first "build $label: not in the cache")
  ended=$(awk -v p="build $label: make install done in" 'index($0, p) { print $1; exit }' "$log")
  row "  $label (wall, from its own start)" "$(span "$started" "${ended:-$started}")"
  grep -o "build $label: [a-z ]* done in .*" "$log" | sed 's/^/      /' || true
done
[ -n "$t_compat" ] && row "package environments and import checks" "$(span "$t_builds" "$t_compat")"
[ -n "$t_measure" ] && [ -n "$t_finished" ] && row "measuring the cells" "$(span "$t_measure" "$t_finished")"
[ -n "$t_finished" ] && row "the rest (report, between phases)" \
  "$(echo "($t_end - $t0) - ($t_compile - $t0) - ($t_run - $t_compile) - ($t_builds - $t_run) - (${t_compat:-$t_builds} - $t_builds) - ($t_finished - $t_measure)" | bc)"
echo "time-stamped log: $kept"
