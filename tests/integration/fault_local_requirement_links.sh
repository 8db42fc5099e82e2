#!/usr/bin/env bash
# A local requirement (a package's folder) holding symbolic links: `loop -> .`
# and `docs -> /usr/share/doc` are copied as links, so the install neither
# fails ("Too many levels of symbolic links") nor copies 150 MB for a tiny
# package; a folder with more than 1 GiB of files is refused, the limit named.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

cp -r "$SOURCE_DIR/tests/fixtures/packages/tiny_pkg" "$WORK/pkg"
ln -s . "$WORK/pkg/loop"
ln -s /usr/share/doc "$WORK/pkg/docs"
matrix() {
  cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "3.13.0"
interpreter = "3.13.0"
[[packages]]
name = "tiny"
requirements = ["$1"]
TOML
}
matrix "$WORK/pkg"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out" --cache "$WORK/cache"
cat "$WORK/out.txt"
assert_eq "$status" 0 "a package with symbolic links in it"
assert_eq "$(json '[.installs[] | select(.ok)] | length' "$WORK/out/results.json")" 1 "installed"
size=$(du -sm "$WORK/cache" | cut -f1)
[ "$size" -lt 100 ] || fail "the cache grew to $size MB: the links were followed"

cp -r "$SOURCE_DIR/tests/fixtures/packages/tiny_pkg" "$WORK/big"
truncate -s 1100M "$WORK/big/data.bin"  # sparse: no disk is used
matrix "$WORK/big"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out2" --cache "$WORK/cache"
cat "$WORK/out.txt"
[ "$status" -ne 0 ] || fail "a 1.1 GiB local requirement was copied"
assert_contains "$WORK/out.txt" "holds more than 1024 MiB of files"
echo "ok"
