#!/usr/bin/env bash
# Issue 20: "while one commit builds, the other core can build the next
# candidate: measure whether that pays on 2 cores". A bisect step's build, as
# gilmatrix makes it for a git source (ccache, CCACHE_NOHASHDIR, the bisect's
# shared autoconf cache, make -jCORES, make install DESTDIR), of commits of
# the zlib history of tests/integration/cpython_history.sh, timed two ways:
#  - alone: one build, then the next (what a bisect step does today);
#  - together: two builds of two other commits started at once.
# Each run times A alone, B alone, then C and D together, on fresh trees
# (ccache as it stands; the first configure fills the autoconf cache).
# Prints the wall times and the ratio together / alone. Asserts nothing.
# Usage: bench/speculative_builds.sh [MIRROR] [RUNS]   (run nothing beside it)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mirror=$(cd "${1:-$here/../shared/mirror}" && pwd)
runs=${2:-3}
jobs=$(nproc)
work=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-speculative-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
source "$here/tests/integration/cpython_history.sh"

make_zlib_history "$work/repo" "$mirror" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > /dev/null
mapfile -t commits < <(git -C "$work/repo" rev-list --reverse main)  # 0 good ... 2 does not compile ... 5
export CC="ccache gcc" CCACHE_NOHASHDIR=1

# build NAME COMMIT: one build as gilmatrix runs it; prints its seconds.
build() {
  local dir="$work/$1" start
  rm -rf "$dir" && mkdir -p "$dir/src"
  git -C "$work/repo" archive "$2" | tar -C "$dir/src" -x
  start=$(date +%s.%N)
  (
    cd "$dir/src"
    [ -f "$work/config.cache" ] && cp "$work/config.cache" config.cache
    ./configure -q --prefix="$dir/prefix" --cache-file=config.cache > "$dir/log" 2>&1
    [ -f "$work/config.cache" ] || cp config.cache "$work/config.cache"
    make -j"$jobs" >> "$dir/log" 2>&1
    make install DESTDIR="$dir/destdir" >> "$dir/log" 2>&1
  ) || { echo "build of $2 failed: $dir/log" >&2; exit 1; }
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }' 
}

echo "warming the autoconf cache and ccache: $(build warm "${commits[0]}" | xargs printf '%.0f')s"
printf '%-4s %9s %9s %9s %s\n' run "A alone" "B alone" together "together / one alone"
for run in $(seq "$runs"); do
  a=$(build a "${commits[1]}"); rm -rf "$work/a"
  b=$(build b "${commits[3]}"); rm -rf "$work/b"
  start=$(date +%s.%N)
  build c "${commits[4]}" > "$work/c.time" & pc=$!
  build d "${commits[5]}" > "$work/d.time" & pd=$!
  wait $pc $pd
  together=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  rm -rf "$work/c" "$work/d"
  printf '%-4s %8.0fs %8.0fs %8.0fs %.2f\n' "$run" "$a" "$b" "$together" "$(awk -v t="$together" -v a="$a" -v b="$b" 'BEGIN { print 2 * t / (a + b) }')"
done
