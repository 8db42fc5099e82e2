#!/usr/bin/env bash
# pip fails because the disk is full ("OSError: [Errno 28] No space left on
# device" from the build): not the package's failure. The run stops with exit 3
# and the out-of-space message, the environment is not marked complete, and a
# rerun installs again instead of reusing it and blaming the package.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

cp -r "$SOURCE_DIR/tests/fixtures/packages/tiny_pkg" "$WORK/pkg"
cat >> "$WORK/pkg/tiny_backend.py" <<'PY'


_real_build_wheel = build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    if os.path.exists(os.path.join(HERE, "disk_is_full")):
        import errno
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return _real_build_wheel(wheel_directory, config_settings, metadata_directory)
PY
touch "$WORK/pkg/disk_is_full"
cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "3.13.0"
interpreter = "3.13.0"
[[packages]]
name = "tiny"
requirements = ["$WORK/pkg"]
TOML
for attempt in 1 2; do
  run_gilmatrix run "$WORK/m.toml" --out "$WORK/out$attempt" --cache "$WORK/cache"
  cat "$WORK/out.txt"
  assert_eq "$status" 3 "attempt $attempt: exit code of an install that ran out of space"
  assert_contains "$WORK/out.txt" "ran out of space"
  assert_contains "$WORK/out.txt" "free space, then run again"
  assert_not_contains "$WORK/out.txt" "reused"
  ! find "$WORK/cache" -name gilmatrix-environment.json | grep -q . || fail "the environment was marked complete"
done
echo "ok"
