#!/usr/bin/env bash
# Errors that help: did-you-mean for commands and options, `gilmatrix help`,
# pointers to the command's own help, every error of a matrix file at once,
# and examples in every command's --help.
source "$(dirname "$0")/lib.sh"

run_gilmatrix rnu x
assert_eq "$status" 2 "misspelt command"
assert_contains "$WORK/out.txt" "gilmatrix: error: unknown command \`gilmatrix rnu\`; did you mean \`gilmatrix run\`?"

run_gilmatrix help
assert_eq "$status" 0 "gilmatrix help"
assert_contains "$WORK/out.txt" "Usage: gilmatrix [OPTIONS] SUBCOMMAND"
assert_contains "$WORK/out.txt" "Examples:"
run_gilmatrix help run
assert_eq "$status" 0 "gilmatrix help run"
assert_contains "$WORK/out.txt" "Usage: gilmatrix run [OPTIONS] matrix"
run_gilmatrix help cache prune
assert_eq "$status" 0 "gilmatrix help cache prune"
assert_contains "$WORK/out.txt" "--older-than"
run_gilmatrix help rnu
assert_eq "$status" 2 "help on a misspelt command"
assert_contains "$WORK/out.txt" "did you mean \`gilmatrix run\`?"

run_gilmatrix run --frobnicate
assert_eq "$status" 2 "unknown option"
assert_contains "$WORK/out.txt" "gilmatrix run: unknown option \`--frobnicate\`. Run \`gilmatrix run --help\` for its options and examples."
run_gilmatrix run m.toml --reusme
assert_eq "$status" 2 "misspelt option"
assert_contains "$WORK/out.txt" "unknown option \`--reusme\`; did you mean \`--resume\`? Run \`gilmatrix run --help\`"
run_gilmatrix cache lsit
assert_eq "$status" 2 "misspelt subcommand of a command"
assert_contains "$WORK/out.txt" "did you mean \`gilmatrix cache list\`?"
run_gilmatrix check
assert_eq "$status" 2 "missing argument"
assert_contains "$WORK/out.txt" "Run \`gilmatrix check --help\`"
assert_not_contains "$WORK/out.txt" "Run \`gilmatrix --help\`"

# Four mistakes, four errors in one round, in file order, exit 2.
cat > "$WORK/four.toml" <<TOML
schema = 1
[defaults]
worker = [1, 2]
repeats = 0
[[build]]
name = "x"
interpreter = "python3"
fallback = "none"
[[workload]]
name = "w"
file = "$TEST_WORKLOADS/tiny_cpu.py"
executors = ["thread"]
TOML
run_gilmatrix validate "$WORK/four.toml"
assert_eq "$status" 2 "validate exit code"
assert_eq "$(count_lines "$WORK/out.txt" "gilmatrix: error: $WORK/four.toml:")" 4 "one error line per mistake"
assert_contains "$WORK/out.txt" "gilmatrix: error: $WORK/four.toml:3:1: unknown key \`worker\` in [defaults]; did you mean \`workers\`?"
assert_contains "$WORK/out.txt" "gilmatrix: error: $WORK/four.toml:4:11: \`repeats\` must be"
assert_contains "$WORK/out.txt" "gilmatrix: error: $WORK/four.toml:5:1: [[build]] \"x\" uses an existing interpreter"
assert_contains "$WORK/out.txt" "gilmatrix: error: $WORK/four.toml:12:14: \`executors\`: \"thread\" is not one of"
assert_eq "$(grep -o "four.toml:[0-9]\+" "$WORK/out.txt" | cut -d: -f2 | tr '\n' ' ')" "3 4 5 12 " "in file order"
"$GILMATRIX" validate "$WORK/four.toml" --format json > "$WORK/v.json" 2> /dev/null || true
assert_eq "$(jq '.[0].errors | length' "$WORK/v.json")" 4 "validate --format json"
run_gilmatrix run "$WORK/four.toml"
assert_eq "$status" 2 "run on the same file"
assert_eq "$(count_lines "$WORK/out.txt" "gilmatrix: error: $WORK/four.toml:")" 4 "run reports them all too"

for command in run build validate plan check compare report merge trend doctor help "cache" "cache list" "cache prune"; do
  run_gilmatrix $command --help
  assert_eq "$status" 0 "$command --help"
  grep -q "^Examples\?:" "$WORK/out.txt" || fail "\`gilmatrix $command --help\` shows no examples"
  grep -q "  gilmatrix ${command%% *}" "$WORK/out.txt" || fail "\`gilmatrix $command --help\` has no example of itself"
done
echo "ok"
