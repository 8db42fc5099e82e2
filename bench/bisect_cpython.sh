#!/usr/bin/env bash
# Issue 20's benchmark: the CPython bisect of tests/integration/bisect_cpython.sh
# (a repository made from the 3.13.15 tarball; a comment, a commit that does
# not compile and its fix, the commit that makes zlib.compress hold the GIL,
# one more comment), done RUNS times two ways on fresh commits (dated now, so
# no build of them is in gilmatrix's cache; ccache is as it stands):
#  - gilmatrix bisect --when speedup on zlib-compress threads x2 (each
#    midpoint measured beside both ends, intervals, undecided when unclear);
#  - by hand: `git bisect run` with a script that builds the commit in place
#    (incremental make, ccache) and times zlib.compress on 1 and 2 threads
#    once, calling the commit bad below the 1.5x half-way mark.
# Prints, per run and way: the wall time, the builds' and the measurements'
# share, and whether the zlib commit was named. Asserts nothing.
# Usage: bench/bisect_cpython.sh [MIRROR] [RUNS]   (run nothing beside it)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mirror=$(cd "${1:-$here/../shared/mirror}" && pwd)
runs=${2:-1}
gilmatrix=${GILMATRIX:-$here/build/release/gilmatrix}
work=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-bisect-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

source "$here/tests/integration/cpython_history.sh"

cat > "$work/hand_speedup.py" <<'PY'
import sys, threading, time, zlib
data = bytes(range(256)) * 4096
def work(n):
    for _ in range(n):
        zlib.compress(data, 6)
def timed(threads, n):
    ts = [threading.Thread(target=work, args=(n,)) for _ in range(threads)]
    start = time.perf_counter()
    for t in ts: t.start()
    for t in ts: t.join()
    return time.perf_counter() - start
n = 40
one, two = timed(1, n), timed(2, n)
speedup = 2 * one / two
print(f"speedup {speedup:.2f}x")
sys.exit(0 if speedup > 1.5 else 1)
PY
cat > "$work/hand_step.sh" <<EOF
#!/usr/bin/env bash
# One commit by hand: build in place (ccache), time the cell once.
export CC="ccache gcc" CCACHE_NOHASHDIR=1
[ -f Makefile ] || ./configure -q > /dev/null 2>&1 || exit 125
make -j2 -s > /dev/null 2>&1 || exit 125
./python "$work/hand_speedup.py"
EOF
chmod +x "$work/hand_step.sh"

printf '%-4s %-9s %8s %8s %8s %s\n' run way wall builds measure "named the zlib commit"
for run in $(seq "$runs"); do
  date=$(date -u -d "+$run sec" +%Y-%m-%dT%H:%M:%SZ)
  read -r good culprit <<< "$(make_zlib_history "$work/g$run" "$mirror" "$date")"
  cat > "$work/m$run.toml" <<TOML
schema = 1
[defaults]
workers = [1, 2]
repeats = 6
sample-time = "200ms"
[[build]]
name = "git-3.13"
git = { url = "$work/g$run", ref = "main" }
[[workload]]
name = "zlib-compress"
file = "$here/workloads/zlib_compress.py"
executors = ["threads"]
TOML
  start=$(date +%s)
  "$gilmatrix" bisect "$work/m$run.toml" --build git-3.13 --good "$good" --bad main --workers 2 --when speedup \
    --offline --mirror "$mirror" --out "$work/out$run" --format json > "$work/g$run.json" 2> "$work/g$run.err" || true
  wall=$(( $(date +%s) - start ))
  builds=$(jq '[.tested[].build_seconds] | add | floor' "$work/g$run.json")
  measure=$(jq '[.tested[] | .seconds - .build_seconds] | add | floor' "$work/g$run.json")
  named=$(jq -r --arg c "$culprit" 'if .answer.first_bad == $c then "yes" else "no: \(.summary)" end' "$work/g$run.json")
  printf '%-4s %-9s %7ss %7ss %7ss %s\n' "$run" gilmatrix "$wall" "$builds" "$measure" "$named"
  grep -h "configure done in\|make done in" "$work/g$run.err" | sed 's/^/       /'

  read -r good culprit <<< "$(make_zlib_history "$work/h$run" "$mirror" "$date")"
  start=$(date +%s)
  ( cd "$work/h$run" && git bisect start main "$good" > /dev/null && git bisect run "$work/hand_step.sh" ) \
    > "$work/h$run.log" 2>&1 || true
  wall=$(( $(date +%s) - start ))
  found=$(grep -o "^[0-9a-f]\{40\} is the first bad commit" "$work/h$run.log" | cut -c1-40 || true)
  [ "$found" = "$culprit" ] && named=yes || named="no: $(grep -m1 'first bad commit\|could not' "$work/h$run.log" || echo none)"
  printf '%-4s %-9s %7ss %8s %8s %s\n' "$run" "by hand" "$wall" - - "$named"
  grep -h "^speedup" "$work/h$run.log" | tr '\n' ' ' | sed 's/^/       one sample per commit: /'; echo
done
