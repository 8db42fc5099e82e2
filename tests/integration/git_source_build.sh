#!/usr/bin/env bash
# A git source: a local repository made here from the 3.13.15 tarball (fixed
# author and dates, so the commit and the cache key are the same every time)
# is mirrored with libgit2, built, measured, and its commit recorded.
source "$(dirname "$0")/lib.sh"
require_shared_mirror

source "$(dirname "$0")/cpython_history.sh"
repo="$WORK/cpython"
cpython_tarball_repo "$repo" "$SHARED_MIRROR" "2025-01-01T00:00:00Z"
commit=$(git -C "$repo" rev-parse HEAD)

{
  quick_matrix_header '[1]' 1
  cat <<TOML
[[build]]
name = "git-3.13"
git = { url = "$repo", ref = "main" }
TOML
  tiny_cpu_workload
} > "$WORK/m.toml"
run_gilmatrix run "$WORK/m.toml" --offline --out "$WORK/out"
tail -5 "$WORK/out.txt"
assert_eq "$status" 0 "exit code"
r="$WORK/out/results.json"
assert_eq "$(json '.builds[0].origin' "$r")" git
assert_eq "$(json '.builds[0].details.commit' "$r")" "$commit" "commit recorded"
assert_eq "$(json '.builds[0].probe.version' "$r")" 3.13.15
assert_eq "$(json '.builds[0].details.cache_key' "$r")" "git-${commit:0:12}-$(json '.builds[0].details.cache_key' "$r" | sed 's/.*-//')"
assert_contains "$WORK/out/report.md" "built from git main at ${commit:0:12}"
echo "ok"
