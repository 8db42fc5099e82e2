#!/usr/bin/env bash
# `bisect --repo`: a package's history on the real 3.13.15t, the interpreter
# fixed. The repository is made here: the gil_free fixture (declares
# Py_mod_gil), a commit that only changes a comment, one that does not
# compile and the one after it that fixes it, the commit that drops the
# declaration, and one more. The bisect names the commit that dropped it,
# never the comment; with the broken commit right before the culprit the
# answer names the range it hides.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
opts=(--mirror "$SHARED_MIRROR" --offline)

repo="$WORK/pkg"
cp -r "$SOURCE_DIR/tests/fixtures/extensions/gil_free" "$repo"
export GIT_AUTHOR_NAME=gilmatrix GIT_AUTHOR_EMAIL=tests@gilmatrix GIT_COMMITTER_NAME=gilmatrix \
  GIT_COMMITTER_EMAIL=tests@gilmatrix GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" GIT_COMMITTER_DATE="2025-01-01T00:00:00Z"
commit() { git -C "$repo" add -A && git -C "$repo" -c commit.gpgsign=false commit -q -m "$1"; }
git -C "$repo" init -q -b main
commit "gil_free 1.0: declares Py_mod_gil"
git -C "$repo" tag v1.0
sed -i '1s|.*|/* A comment, changed. */|' "$repo/gil_free.c"
commit "Reword the header comment"
echo "this is not C;" >> "$repo/gil_free.c"
commit "Half-done refactor that does not compile"
sed -i '$d' "$repo/gil_free.c"
commit "Finish the refactor"
sed -i '/Py_mod_gil, Py_MOD_GIL_NOT_USED/d' "$repo/gil_free.c"
commit "Drop the Py_mod_gil slot"
culprit=$(git -C "$repo" rev-parse HEAD)
echo "# notes" > "$repo/NOTES.md"
commit "Add notes"

run_gilmatrix bisect --python 3.13t --repo "$repo" --good v1.0 --bad main "${opts[@]}" --format json
sed -n '1,/^{/p' "$WORK/out.txt" | tail -20
assert_eq "$status" 0 "exit code when the commit is found"
result=$(sed -n '/^{/,$p' "$WORK/out.txt")
assert_eq "$(jq -r .answer.kind <<< "$result")" found
assert_eq "$(jq -r .answer.first_bad <<< "$result")" "$culprit" "the commit that dropped the slot"
assert_eq "$(jq -r '.range | length' <<< "$result")" 6
assert_eq "$(jq -r '.tested[0].result' <<< "$result")" "gil_free: keeps GIL disabled" "the good end"
assert_eq "$(jq -r '.tested[1].result' <<< "$result")" "gil_free: re-enables GIL" "the bad end"
# No commit before the culprit is bad (the comment change among them); one that does not compile is skipped, not bad.
before=$(git -C "$repo" rev-list v1.0..main~2)
for c in $before; do
  jq -e --arg c "$c" '[.tested[] | select(.commit == $c and .verdict == "bad")] | length == 0' <<< "$result" > /dev/null \
    || fail "$c, before the culprit, was blamed"
done
jq -e '[.tested[] | select(.verdict == "skipped")] | all(.detail != "")' <<< "$result" > /dev/null \
  || fail "a skipped commit says why it did not install"

# The broken commit right before the culprit: the culprit hides behind it. A
# history where the fix and the drop are one commit after the broken one.
git -C "$repo" checkout -q -b squashed v1.0
sed -i '1s|.*|/* A comment, changed. */|' "$repo/gil_free.c"
commit "Reword the header comment"
echo "this is not C;" >> "$repo/gil_free.c"
commit "Half-done refactor that does not compile"
sed -i '$d' "$repo/gil_free.c"
sed -i '/Py_mod_gil, Py_MOD_GIL_NOT_USED/d' "$repo/gil_free.c"
commit "Finish the refactor, dropping the Py_mod_gil slot"
GITHUB_STEP_SUMMARY="$WORK/summary.md" run_gilmatrix bisect --python 3.13t --repo "$repo" --good v1.0 --bad squashed \
  "${opts[@]}" --format github
tail -8 "$WORK/out.txt"
assert_eq "$status" 1 "exit code when the answer is a range"
assert_contains "$WORK/out.txt" "::warning title=bisect undecided::the first bad commit is one of 2 commits"
assert_contains "$WORK/out.txt" "could not be decided (they did not install)"
assert_contains "$WORK/summary.md" "| skipped | does not install"

# A merged branch: the slot is dropped on a feature branch, merged into a
# mainline with a change of its own. Along first parents the merge is the
# first bad commit; --all-parents descends into the branch and names the
# commit on it. With --out, bisect.json is written, and --resume replays it
# without testing a commit again.
git -C "$repo" checkout -q -b mainline v1.0
git -C "$repo" checkout -q -b feature v1.0
echo "# feature" > "$repo/FEATURE.md"
commit "Feature: notes"
sed -i '/Py_mod_gil, Py_MOD_GIL_NOT_USED/d' "$repo/gil_free.c"
commit "Feature: drop the Py_mod_gil slot"
side_culprit=$(git -C "$repo" rev-parse HEAD)
echo "more" >> "$repo/FEATURE.md"
commit "Feature: more notes"
git -C "$repo" checkout -q mainline
sed -i '1s|.*|/* Mainline comment. */|' "$repo/gil_free.c"
commit "Mainline: reword the comment"
git -C "$repo" -c commit.gpgsign=false merge -q --no-ff feature -m "Merge feature"
merge=$(git -C "$repo" rev-parse HEAD)
echo "after" > "$repo/AFTER.md"
commit "After the merge"
run_gilmatrix bisect --python 3.13t --repo "$repo" --good v1.0 --bad mainline "${opts[@]}" --format json
assert_eq "$status" 0 "first parents: found"
assert_eq "$(sed -n '/^{/,$p' "$WORK/out.txt" | jq -r .answer.first_bad)" "$merge" "first parents: the merge"
run_gilmatrix bisect --python 3.13t --repo "$repo" --good v1.0 --bad mainline --all-parents "${opts[@]}" \
  --out "$WORK/all-parents" --format json
sed -n '1,/^{/p' "$WORK/out.txt" | tail -12
assert_eq "$status" 0 "all parents: found"
result=$(sed -n '/^{/,$p' "$WORK/out.txt")
assert_eq "$(jq -r .answer.first_bad <<< "$result")" "$side_culprit" "all parents: the commit on the branch"
assert_eq "$(jq -r '.range | length' <<< "$result")" 7 "all parents: v1.0, three on the branch, the mainline commit, the merge and the one after"
assert_contains "$WORK/out.txt" "along all parents"
[ -s "$WORK/all-parents/bisect.json" ] || fail "--out keeps bisect.json"
[ -s "$WORK/all-parents/bisect.md" ] || fail "--out keeps bisect.md"
tested=$(jq '.tested | length' "$WORK/all-parents/bisect.json")
run_gilmatrix bisect --python 3.13t --repo "$repo" --good v1.0 --bad mainline --all-parents "${opts[@]}" \
  --out "$WORK/all-parents" --resume --format json
assert_eq "$status" 0 "resumed: found"
assert_contains "$WORK/out.txt" "resuming from $WORK/all-parents/bisect.json: $tested commits already tested"
if grep -q "bisect: testing" "$WORK/out.txt"; then fail "--resume tested a commit again"; fi
assert_eq "$(sed -n '/^{/,$p' "$WORK/out.txt" | jq -r .answer.first_bad)" "$side_culprit" "resumed: the same answer"
# The journal of one walk is not resumed by the other.
run_gilmatrix bisect --python 3.13t --repo "$repo" --good v1.0 --bad mainline "${opts[@]}" \
  --out "$WORK/all-parents" --resume
assert_eq "$status" 2 "another walk's journal"
assert_contains "$WORK/out.txt" "it walked all parents"

# Both ends alike: nothing to bisect, said at once.
run_gilmatrix bisect --python 3.13t --repo "$repo" --good v1.0 --bad "main~5" "${opts[@]}"
assert_eq "$status" 2 "same commit"
# A folder named without ./ is a repository on disk, not a URL.
status=
pushd "$WORK" > /dev/null
run_gilmatrix bisect --python 3.13t --repo pkg --good v1.0 --bad "main~5" "${opts[@]}"
popd > /dev/null
assert_eq "$status" 2 "same commit, the repository named relative"
assert_contains "$WORK/out.txt" "name the same commit"
run_gilmatrix bisect --python 3.13t --repo "$repo" --good v1.0 --bad "main~4" "${opts[@]}"
assert_eq "$status" 1 "ends alike"
assert_contains "$WORK/out.txt" "both ends give the same result (gil_free: keeps GIL disabled): nothing to bisect"
echo "ok"
