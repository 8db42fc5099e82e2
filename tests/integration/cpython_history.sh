# Local CPython repositories made from the mirror's 3.13.15 tarball, for
# git_source_build.sh, bisect_cpython.sh and bench/bisect_cpython.sh. Author,
# committer and date are fixed by the caller's DATE, so the same DATE gives the
# same commits (and the build cache's keys) every time. Sourced, not run.

# cpython_tarball_repo REPO MIRROR DATE: one commit holding the tarball's tree.
cpython_tarball_repo() {
  local repo=$1 mirror=$2 date=$3
  mkdir -p "$repo"
  tar -C "$repo" --strip-components=1 -xJf "$mirror/cpython/Python-3.13.15.tar.xz"
  git -C "$repo" init -q -b main
  history_commit "$repo" "$date" "CPython 3.13.15 from the release tarball"
}

history_commit() {  # REPO DATE MESSAGE
  git -C "$1" add -A
  env GIT_AUTHOR_NAME=gilmatrix GIT_AUTHOR_EMAIL=tests@gilmatrix GIT_COMMITTER_NAME=gilmatrix \
    GIT_COMMITTER_EMAIL=tests@gilmatrix GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" \
    git -C "$1" -c commit.gpgsign=false commit -q -m "$3"
}

# make_zlib_history REPO MIRROR DATE: the tarball, a comment in zlibmodule.c,
# a commit that does not compile and its fix, the commit that makes
# zlib.compress hold the GIL while deflate() runs, one more comment. Prints
# "GOOD CULPRIT" (the first commit and the zlib one).
make_zlib_history() {
  local repo=$1 date=$3 zlib="$1/Modules/zlibmodule.c" good culprit
  cpython_tarball_repo "$repo" "$2" "$date"
  good=$(git -C "$repo" rev-parse HEAD)
  echo "/* A comment at the end. */" >> "$zlib"
  history_commit "$repo" "$date" "A comment in zlibmodule.c"
  echo "this is not C;" >> "$zlib"
  history_commit "$repo" "$date" "Half-done refactor that does not compile"
  sed -i '$d' "$zlib"
  history_commit "$repo" "$date" "Finish the refactor"
  sed -i '/^zlib_compress_impl/,/^}/{s/Py_BEGIN_ALLOW_THREADS/{/;s/Py_END_ALLOW_THREADS/}/}' "$zlib"
  if grep -q "Py_BEGIN_ALLOW_THREADS" <(sed -n '/^zlib_compress_impl/,/^}/p' "$zlib"); then
    echo "make_zlib_history: zlib_compress_impl still releases the GIL" >&2
    return 1
  fi
  history_commit "$repo" "$date" "zlib.compress holds the GIL while it compresses"
  culprit=$(git -C "$repo" rev-parse HEAD)
  echo "/* Another comment. */" >> "$zlib"
  history_commit "$repo" "$date" "Another comment"
  echo "$good $culprit"
}
