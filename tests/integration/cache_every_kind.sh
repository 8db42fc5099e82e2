#!/usr/bin/env bash
# `cache list` shows every kind of entry (builds, environments, pip caches,
# downloads, git mirrors, harness scripts, failed-build logs) with sizes and
# last use; `cache prune` ages out each kind, never an environment a running
# gilmatrix holds the lock of, and `--key` touches builds only.
source "$(dirname "$0")/lib.sh"
cache="$WORK/cache"
mkdir -p "$cache"/{venvs/old-env,venvs/new-env,venvs/held-env,pip/3.13.15-abc,git/abc.git,harness/0123,failed,downloads,locks}
head -c 2000000 /dev/zero > "$cache/venvs/old-env/lib.bin"
echo x > "$cache/pip/3.13.15-abc/wheel"
echo x > "$cache/git/abc.git/HEAD"
echo x > "$cache/harness/0123/runner.py"
echo log > "$cache/failed/3.99.0-abc.log"
echo tarball > "$cache/downloads/Python-3.99.0.tar.xz"
for old in venvs/old-env venvs/held-env pip/3.13.15-abc git/abc.git harness/0123 failed/3.99.0-abc.log \
           downloads/Python-3.99.0.tar.xz; do
  touch -d '40 days ago' "$cache/$old"
done

run_gilmatrix cache list --cache "$cache"
assert_eq "$status" 0 "cache list"
# The columns line up: every line of the kinds table has its size at the same column.
[ "$(grep -E '^(environments|pip caches|downloads|git mirrors|harness scripts|failed build logs)' "$WORK/out.txt" |
     awk '{ print index($0, "MiB") }' | sort -u | wc -l)" -le 1 ] || { cat "$WORK/out.txt" >&2; fail "cache list's columns are not aligned"; }
assert_contains "$WORK/out.txt" "0 builds in $cache/builds"
for kind in "environments +3 +2MiB" "pip caches +1 " "downloads +1 " "git mirrors +1 " "harness scripts +1 " \
            "failed build logs +1 "; do
  grep -qE "^$kind" "$WORK/out.txt" || { cat "$WORK/out.txt" >&2; fail "no line '$kind' in cache list"; }
done
run_gilmatrix cache list --cache "$cache" --format json
assert_eq "$(jq '[.[] | select(.kind == "environments")] | length' "$WORK/out.txt")" 3 "json lists environments"
assert_eq "$(jq '.[] | select(.key == "old-env") | .size_bytes >= 2000000' "$WORK/out.txt")" true "json has sizes"

# A gilmatrix using held-env holds its lock (one process, so killing it frees the lock).
python3 -c 'import fcntl, sys, time; f = open(sys.argv[1], "w"); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(60)' \
  "$cache/locks/venv-held-env.lock" &
holder=$!
on_exit "kill $holder"
wait_until 5 not flock -n "$cache/locks/venv-held-env.lock" true

run_gilmatrix cache prune --cache "$cache" --key no-such-build
assert_contains "$WORK/out.txt" "0 builds, 0 other entries"
run_gilmatrix cache prune --cache "$cache" --dry-run
# It first says what it prunes and how to choose otherwise.
assert_contains "$WORK/out.txt" "would remove damaged builds, leftovers and entries unused for 30d, the default (--older-than, --all and --key choose others"
assert_contains "$WORK/out.txt" "would remove $cache/venvs/old-env (environments"
assert_contains "$WORK/out.txt" "skipped $cache/venvs/held-env: a gilmatrix is using it"
[ -d "$cache/venvs/old-env" ] || fail "a dry run removed old-env"
run_gilmatrix cache prune --cache "$cache"
assert_eq "$status" 0 "cache prune"
assert_contains "$WORK/out.txt" "0 builds, 6 other entries"
for gone in venvs/old-env pip/3.13.15-abc git/abc.git harness/0123 failed/3.99.0-abc.log downloads/Python-3.99.0.tar.xz; do
  [ ! -e "$cache/$gone" ] || fail "$gone was not pruned"
done
[ -d "$cache/venvs/new-env" ] || fail "a recent environment was pruned"
[ -d "$cache/venvs/held-env" ] || fail "an environment in use was pruned"
kill "$holder"; wait "$holder" 2>/dev/null || true
run_gilmatrix cache prune --cache "$cache" --all
assert_contains "$WORK/out.txt" "0 builds, 2 other entries"
assert_eq "$(ls "$cache/venvs" | wc -l)" 0 "--all empties venvs/"
echo "ok"
