#!/usr/bin/env bash
# The machine-wide measuring lock sits where other users can create files. A
# symbolic link planted at its path (by user nobody where the suite runs as
# root, as in issue 22) must never be followed: gilmatrix refuses it (exit 3)
# with what to do, and the file it points at keeps its mode and content. A
# regular file planted there by another user is refused the same way.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

one_sample_matrix "$WORK/m.toml" <<TOML
[[workload]]
name = "tiny"
file = "$TEST_WORKLOADS/tiny_cpu.py"
TOML

# A directory anyone can create in, like /tmp, and a file only its owner may read.
chmod 755 "$WORK"
mkdir -m 1777 "$WORK/shared"
printf 'root:secret\n' > "$WORK/victim"
chmod 600 "$WORK/victim"
export GILMATRIX_MEASURING_LOCK="$WORK/shared/measuring.lock"

# As another user where we can become one (the attack), else as ourselves.
as_other_user() {
  if [ "$(id -u)" = 0 ] && id nobody > /dev/null 2>&1 && command -v setpriv > /dev/null; then
    setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"
  else
    "$@"
  fi
}

check_victim_untouched() {
  assert_eq "$(cat "$WORK/victim")" "root:secret" "content of the file the link points at"
  assert_eq "$(stat -c %a "$WORK/victim")" 600 "mode of the file the link points at"
}

as_other_user ln -s "$WORK/victim" "$GILMATRIX_MEASURING_LOCK"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out-link"
cat "$WORK/out.txt"
check_victim_untouched
assert_eq "$status" 3 "a symbolic link at the lock's path"
assert_contains "$WORK/out.txt" "gilmatrix: error: measuring lock: lock file $GILMATRIX_MEASURING_LOCK is a symbolic link; gilmatrix never follows one there"
assert_contains "$WORK/out.txt" "remove the link (no run needs it while none is measuring), or set GILMATRIX_MEASURING_LOCK to a file in a directory only you can write"
[ -L "$GILMATRIX_MEASURING_LOCK" ] || fail "the planted link was replaced"

# The same link planted by ourselves (a link's owner makes no difference).
rm "$GILMATRIX_MEASURING_LOCK"
ln -s "$WORK/victim" "$GILMATRIX_MEASURING_LOCK"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out-own-link"
check_victim_untouched
assert_eq "$status" 3 "a link of our own at the lock's path"
assert_contains "$WORK/out.txt" "is a symbolic link; gilmatrix never follows one there"

# A regular file another user planted: refused, since we would write into it.
rm "$GILMATRIX_MEASURING_LOCK"
if [ "$(id -u)" = 0 ] && id nobody > /dev/null 2>&1; then
  as_other_user sh -c "printf 'planted\n' > '$GILMATRIX_MEASURING_LOCK'"
  run_gilmatrix run "$WORK/m.toml" --out "$WORK/out-planted"
  assert_eq "$status" 3 "a lock file of another user"
  assert_contains "$WORK/out.txt" "lock file $GILMATRIX_MEASURING_LOCK belongs to nobody (uid $(id -u nobody)), not to you or root"
  assert_eq "$(cat "$GILMATRIX_MEASURING_LOCK")" "planted" "content of the other user's file"
  rm "$GILMATRIX_MEASURING_LOCK"
fi

# With the path free, the run measures and leaves a lock every user can take.
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out-free"
assert_eq "$status" 0 "a run with the lock's path free"
[ -f "$GILMATRIX_MEASURING_LOCK" ] && [ ! -L "$GILMATRIX_MEASURING_LOCK" ] || fail "no lock file was made"
assert_eq "$(stat -c %a "$GILMATRIX_MEASURING_LOCK")" 666 "mode of the lock file"
check_victim_untouched
echo "ok"
