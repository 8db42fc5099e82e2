#!/usr/bin/env bash
# Cold gilmatrix build of a CPython tarball against a plain
#   ./configure <same flags> && make -j<cores> && make install
# of the same tarball, side by side in one run. Prints wall times and the
# ratio (target: at most 1.05x), then a warm `gilmatrix build` (target: zero
# builds, seconds). Takes two full CPython builds (~10 minutes on 2 cores).
#
#   bench/build_vs_plain.sh [MIRROR] [VERSION]   (default ../shared/mirror 3.13.15)
# ccache is switched off for both (CCACHE_DISABLE=1, which gilmatrix honours)
# so neither is helped by the other's objects; gilmatrix uses no ccache for
# release tarballs anyway (only for git sources).
set -euo pipefail
cd "$(dirname "$0")/.."
mirror=$(realpath "${1:-../shared/mirror}")
version=${2:-3.13.15}
gilmatrix=$(realpath "${GILMATRIX:-build/release/gilmatrix}")
work=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
jobs=$(nproc)
export CCACHE_DISABLE=1

cat > "$work/m.toml" <<TOML
schema = 1
[[build]]
name = "bench"
version = "$version"
free-threaded = true
TOML

now() { date +%s.%N; }
start=$(now)
"$gilmatrix" build "$work/m.toml" --mirror "$mirror" --offline --cache "$work/cache" > "$work/gilmatrix.log" 2>&1
gm=$(echo "$(now) - $start" | bc)

mkdir -p "$work/plain"
start=$(now)
tar -C "$work/plain" -xJf "$mirror/cpython/Python-$version.tar.xz"
(cd "$work/plain/Python-$version" && ./configure --prefix="$work/plain/install" --disable-gil > "$work/plain.log" 2>&1 \
  && make -j"$jobs" >> "$work/plain.log" 2>&1 && make install >> "$work/plain.log" 2>&1)
plain=$(echo "$(now) - $start" | bc)

start=$(now)
"$gilmatrix" build "$work/m.toml" --mirror "$mirror" --offline --cache "$work/cache" > "$work/warm.log" 2>&1
warm=$(echo "$(now) - $start" | bc)

printf 'plain configure+make+install:  %8.1f s\n' "$plain"
printf 'gilmatrix build (cold):        %8.1f s\n' "$gm"
printf 'ratio:                         %8.3f x   (target <= 1.05)\n' "$(echo "$gm / $plain" | bc -l)"
printf 'gilmatrix build (warm):        %8.1f s   (%s)\n' "$warm" "$(tail -1 "$work/warm.log")"
