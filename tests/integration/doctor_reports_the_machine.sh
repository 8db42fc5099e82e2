#!/usr/bin/env bash
# doctor: the machine, the build dependencies, the interpreters found, and
# the machine's own noise floor measured as a run measures it first.
source "$(dirname "$0")/lib.sh"

set +e
"$GILMATRIX" doctor --format json > "$WORK/doctor.json" 2> "$WORK/doctor.err"
status=$?
"$GILMATRIX" doctor > "$WORK/doctor.txt" 2>&1
set -e
# 0 ready, 1 a build dependency is missing: both are answers, not failures.
[ "$status" -le 1 ] || { cat "$WORK/doctor.err" >&2; fail "doctor exited $status"; }
jq -e '.machine.usable_cores >= 1' "$WORK/doctor.json" > /dev/null || fail "no usable cores reported"
jq -e '.interpreters | length >= 1' "$WORK/doctor.json" > /dev/null || fail "no interpreter found (pyenv's are on this machine)"
jq -e '.noise_floor.samples >= 5' "$WORK/doctor.json" > /dev/null || fail "no noise floor in doctor's JSON"
jq -e '.noise_floor.predicted_rounds >= 3 and .noise_floor.cv_one_core >= 0 and .noise_floor.pair_cv >= 0' \
  "$WORK/doctor.json" > /dev/null || fail "noise floor figures out of range: $(jq -c .noise_floor "$WORK/doctor.json")"
assert_row "$WORK/doctor.txt" "noise:" "cv "
assert_contains "$WORK/doctor.txt" "paired rounds per group for ±3%"
# doctor's build dependencies are the ones install-deps.sh installs: a
# package doctor asks for that the script does not install is a broken promise.
for package in $(jq -r '.build_dependencies[].package' "$WORK/doctor.json"); do
  grep -qwF -- "$package" "$SOURCE_DIR/scripts/install-deps.sh" ||
    fail "doctor lists $package, which scripts/install-deps.sh does not install"
done
# The probe's scratch folder is gone.
[ -z "$(ls -d "${TMPDIR:-/tmp}"/gilmatrix-doctor* 2>/dev/null)" ] || fail "doctor left its scratch folder"
echo "PASS"
