#!/usr/bin/env bash
# `gilmatrix report` on a real run's results: Markdown with SVG charts beside
# it (parsed as XML), JUnit XML (parsed and validated against the JUnit shape),
# the GitHub format (escaped annotations, step summary) and JSON.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
write_pyenv_matrix "$WORK/m.toml" it-report < /dev/null
run_gilmatrix run "$WORK/m.toml" --out "$WORK/run"
assert_eq "$status" 0 "run exit code"

# The run's own report links its charts; every chart parses and is self-contained.
check_outputs links "$WORK/run/report.md" > "$WORK/links.txt"
assert_contains "$WORK/links.txt" "speedup-tiny-cpu-threads.svg"
assert_contains "$WORK/links.txt" "speedup-tiny-cpu-processes.svg"

# Re-rendered into another folder: the same report and charts.
run_gilmatrix report "$WORK/run" --out "$WORK/again"
assert_eq "$status" 0 "report --out exit code"
diff "$WORK/run/report.md" "$WORK/again/report.md" || fail "re-rendered report.md differs"
diff "$WORK/run/speedup-tiny-cpu-threads.svg" "$WORK/again/speedup-tiny-cpu-threads.svg" || fail "chart differs"
run_gilmatrix report "$WORK/run/results.json"
assert_contains "$WORK/out.txt" "# gilmatrix report: it-report"
assert_not_contains "$WORK/out.txt" "## Charts"

# Findings with text a careless writer would break: %, newlines, <, &.
jq '.module_checks = [
      {"build": "3.13.0", "package_set": "ext", "distribution": "crcmod", "version": "1.7",
       "module": "crcmod._crcfunext", "status": "re-enables GIL", "free_threaded": true,
       "binding": "C API", "fix": "add {Py_mod_gil, Py_MOD_GIL_NOT_USED}", "reproduce": "python -c \"import x\""},
      {"build": "3.13.0", "package_set": "ext", "distribution": "ok", "version": "1",
       "module": "fine", "status": "keeps GIL disabled", "free_threaded": true}]
    | .cells[1].status = "failed" | .cells[1].speedup = null
    | .cells[1].error = "100% <broken> & gone\r\nValueError: x"' \
  "$WORK/run/results.json" > "$WORK/findings.json"

run_gilmatrix report "$WORK/findings.json" --format junit --out "$WORK/junit"
assert_eq "$status" 0 "junit exit code"
xmllint --noout --schema "$SOURCE_DIR/tests/data/junit.xsd" "$WORK/junit/junit.xml" 2> "$WORK/xmllint.txt" \
  || { cat "$WORK/xmllint.txt" >&2; fail "junit.xml does not validate"; }
check_outputs junit "$WORK/junit/junit.xml" > "$WORK/junit.json"
assert_eq "$(jq .tests "$WORK/junit.json")" 12 "test cases: 2 builds, 2 modules, 8 cells"
assert_eq "$(jq .failures "$WORK/junit.json")" 2 "failures: the module and the cell"
assert_eq "$(jq -r '.failed | join(";")' "$WORK/junit.json")" \
  "gilmatrix.compatibility.3.13.0 crcmod._crcfunext (crcmod 1.7);gilmatrix.scaling.3.12.1.tiny-cpu threads/default/x2" \
  "failed test cases"
"$PY" - "$WORK/junit/junit.xml" <<'PY' || fail "the failure text did not survive XML"
import sys, xml.etree.ElementTree as ET
failure = ET.parse(sys.argv[1]).getroot().find(".//testcase[@name='threads/default/x2']/failure")
assert "100% <broken> & gone" in failure.text and "ValueError: x" in failure.text, failure.text
PY

# With a baseline: the module that re-enables the GIL now is a regression too.
run_gilmatrix report "$WORK/findings.json" --format junit --baseline "$WORK/run"
xmllint --noout --schema "$SOURCE_DIR/tests/data/junit.xsd" "$WORK/out.txt" 2> /dev/null || fail "baseline junit"
assert_contains "$WORK/out.txt" "Regression: crcmod._crcfunext (new, from crcmod 1.7) re-enables GIL on 3.13.0"

# GitHub: annotations escaped as the runner decodes them, the summary in $GITHUB_STEP_SUMMARY.
GITHUB_STEP_SUMMARY="$WORK/summary.md" run_gilmatrix report "$WORK/findings.json" --format github
assert_eq "$status" 0 "github exit code"
assert_contains "$WORK/out.txt" "::error title=cell 3.12.1/tiny-cpu/threads/default/x2%3A failed::100%25 <broken> & gone%0D%0AValueError: x"
assert_contains "$WORK/out.txt" "::error title=crcmod._crcfunext re-enables GIL on 3.13.0::"
[ "$(grep -c '^::' "$WORK/out.txt")" -eq "$(wc -l < "$WORK/out.txt")" ] || fail "a line that is not a workflow command"
assert_contains "$WORK/summary.md" "## gilmatrix: it-report"
assert_contains "$WORK/summary.md" "| crcmod.\\_crcfunext | 3.13.0 | re-enables GIL. Fix:"
run_gilmatrix report "$WORK/findings.json" --format github
assert_contains "$WORK/out.txt" "### Findings"

# JSON: the same results, written with this gilmatrix's schema version.
run_gilmatrix report "$WORK/run" --format json --out "$WORK/json"
assert_eq "$(jq -S 'del(.schema_version)' "$WORK/json/results.json")" "$(jq -S 'del(.schema_version)' "$WORK/run/results.json")" \
  "json round trip"

# Unreadable input: exit 2 with the reason.
echo '{"tool": "pyperf"}' > "$WORK/other.json"
run_gilmatrix report "$WORK/other.json" --format junit
assert_eq "$status" 2 "not a results file"
assert_contains "$WORK/out.txt" "is not a gilmatrix results file"
run_gilmatrix report "$WORK/run" --format markdown --baseline "$WORK/run"
assert_eq "$status" 2 "--baseline with markdown"
echo "ok"
