#!/usr/bin/env bash
# Issue 19's figures: what ThreadSanitizer costs. From the cached 3.14t and
# 3.14t-tsan builds (built first when missing):
#   1. the sanitised build's configure/make/install time (its build.json);
#   2. instrumented install: a venv, setuptools and pyrsistent from the mirror,
#      on each build;
#   3. a stress run (tests/fixtures/stress/counter_stress.py, PYTHON_GIL=0):
#      wall time and peak memory, plain against sanitised, RUNS times each,
#      alternating;
#   4. what a detection statement costs: runs x wall per run against the rate
#      it rules out.
# Run nothing beside it. Usage: bench/thread_safety.sh [MIRROR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
MIRROR=${1:-../shared/mirror}
RUNS=${2:-5}
GILMATRIX=${GILMATRIX:-build/release/gilmatrix}
WORK=$(mktemp -d /tmp/gm-tsan-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/both.toml" <<'TOML'
schema = 1
[[build]]
name = "3.14t"
version = "3.14"
free-threaded = true
[[build]]
name = "3.14t-tsan"
version = "3.14"
free-threaded = true
sanitizer = "thread"
TOML
"$GILMATRIX" build "$WORK/both.toml" --mirror "$MIRROR" --offline > "$WORK/build.txt" 2>&1
plain=$(awk -F'\t' '$1 == "3.14t" { print $2 }' "$WORK/build.txt")
tsan=$(awk -F'\t' '$1 == "3.14t-tsan" { print $2 }' "$WORK/build.txt")
entry=$(dirname "$(dirname "$(dirname "$tsan")")")
echo "== 1. sanitised build (from $entry/build.json)"
jq -r '"configure \(.seconds.configure|floor) s, make \(.seconds.make|floor) s, install \(.seconds.install|floor) s, built \(.built_at) with \(.jobs) jobs"' \
  "$entry/build.json"

echo "== 2. venv + setuptools + pyrsistent 0.20.0 (offline, from the mirror)"
install() {  # $1 python, $2 venv
  local start end
  # A wheel cache of its own: both builds' wheels are tagged cp314t, and pip's
  # shared cache hands the sanitised build's instrumented wheel to the plain one
  # (which then cannot load libtsan: "cannot allocate memory in static TLS block").
  export PIP_CACHE_DIR="$2.pip-cache"
  start=$(date +%s.%N)
  "$1" -m venv "$2"
  "$2/bin/python" -m pip install -q --no-index --no-build-isolation "$MIRROR/sdists/setuptools-78.1.1.tar.gz"
  # Copies: setuptools builds a local directory in place, and its build/ would
  # hand one build's objects to the other.
  rm -rf "$2.src" && mkdir -p "$2.src" && cp -r tests/fixtures/extensions/racy_counter tests/fixtures/extensions/atomic_counter "$2.src/"
  "$2/bin/python" -m pip install -q --no-index --no-build-isolation "$MIRROR/sdists/pyrsistent-0.20.0.tar.gz" \
    "$2.src/racy_counter" "$2.src/atomic_counter"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
t_plain=$(install "$plain" "$WORK/venv-plain")
t_tsan=$(install "$tsan" "$WORK/venv-tsan")
printf "plain 3.14t: %.0f s   sanitised: %.0f s   (%.1fx)\n" "$t_plain" "$t_tsan" "$(echo "$t_tsan / $t_plain" | bc -l)"

echo "== 3. one stress run: counter_stress.py, 8 threads x 100 iterations, PYTHON_GIL=0 ($RUNS runs each, alternating)"
cp src/harness/python/stress.py "$WORK/stress.py"
supp="$entry/tsan/suppressions_free_threading.txt"
stress_file="$PWD/tests/fixtures/stress/counter_stress.py"
one_run() {  # $1 venv, $2 sanitised?, $3 run dir
  mkdir -p "$3"
  local opts=""
  [ "$2" = yes ] && opts="log_path=$3/tsan halt_on_error=0 handle_segv=0 print_suppressions=1 exitcode=66 suppressions=$supp"
  (cd "$3" && env -i PATH=/usr/bin:/bin PYTHON_GIL=0 TSAN_OPTIONS="$opts" /usr/bin/time -f "%e %M" -o "$3/time.txt" \
    "$1/bin/python" "$WORK/stress.py" result.json stacks.txt exercised.txt 8 100 110 \
    "$stress_file" racy_counter atomic_counter > /dev/null 2>&1 || true)
  jq -e '.functions | length == 2 and all(.calls == 800)' "$3/result.json" > /dev/null \
    || { echo "the stress run in $3 did not run every call" >&2; exit 1; }
  tail -n1 "$3/time.txt"
}
: > "$WORK/plain.txt"
: > "$WORK/tsan.txt"
for i in $(seq "$RUNS"); do
  one_run "$WORK/venv-plain" no "$WORK/p$i" >> "$WORK/plain.txt"
  one_run "$WORK/venv-tsan" yes "$WORK/t$i" >> "$WORK/tsan.txt"
done
summary() { sort -n "$1" | awk '{ w[NR] = $1; m[NR] = $2 } END { printf "wall median %.2f s (min %.2f, max %.2f), peak RSS median %.0f MiB\n", w[int((NR + 1) / 2)], w[1], w[NR], m[int((NR + 1) / 2)] / 1024 }'; }
echo "plain 3.14t: $(summary "$WORK/plain.txt")"
echo "sanitised:   $(summary "$WORK/tsan.txt")"
wall=$(sort -n "$WORK/tsan.txt" | awk '{ w[NR] = $1 } END { print w[int((NR + 1) / 2)] }')
reports=$(cat "$WORK"/t*/tsan.* 2>/dev/null | grep -c "WARNING: ThreadSanitizer" || true)
echo "ThreadSanitizer reports over the $RUNS sanitised runs: $reports"

echo "== 4. what a clean verdict rules out, and what it costs (sanitised run of $wall s, two GIL settings)"
printf "%-6s %-22s %s\n" runs "rules out (95%)" "stress time"
for n in 3 5 10 20 50; do
  rate=$(echo "100 * (1 - e(l(0.05) / $n))" | bc -l)
  printf "%-6s %-22s %.0f s\n" "$n" "$(printf '> %.0f%% of runs' "$rate")" "$(echo "2 * $n * $wall" | bc -l)"
done
