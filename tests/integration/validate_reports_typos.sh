#!/usr/bin/env bash
# `worker = [1, 2]`: validate and run name file:line:col, suggest `workers`, exit 2.
source "$(dirname "$0")/lib.sh"

cat > "$WORK/typo.toml" <<TOML
schema = 1
[defaults]
worker = [1, 2]
[[build]]
name = "x"
interpreter = "python3"
TOML
for command in validate run; do
  run_gilmatrix $command "$WORK/typo.toml"
  assert_eq "$status" 2 "$command exit code"
  assert_contains "$WORK/out.txt" "gilmatrix: error: $WORK/typo.toml:3:1: unknown key \`worker\` in [defaults]; did you mean \`workers\`?"
done
run_gilmatrix validate "$SOURCE_DIR/matrices/quick.toml" "$SOURCE_DIR/matrices/default.toml"
assert_eq "$status" 0 "shipped matrices validate"
echo "ok"
