#!/usr/bin/env bash
# Installs, from Debian's archive, everything gilmatrix needs to build itself,
# to build CPython from source, and to run its tests. Safe to run again.
set -euo pipefail

packages=(
  # gilmatrix itself
  build-essential cmake pkg-config git
  libboost1.81-dev libboost-filesystem1.81-dev libcli11-dev libtomlplusplus-dev
  nlohmann-json3-dev libexpected-dev libfmt-dev libgit2-dev libcurl4-openssl-dev
  libarchive-dev libssl-dev catch2
  # CPython's build dependencies (gilmatrix doctor lists what each provides)
  zlib1g-dev libbz2-dev liblzma-dev libzstd-dev libffi-dev libsqlite3-dev libreadline-dev
  libncurses-dev tk-dev uuid-dev libgdbm-dev libgdbm-compat-dev ccache
  # the integration tests (python3-yaml reads the workflow files, libxml2-utils
  # validates JUnit XML, python3's xml.etree parses the SVG charts)
  jq procps xz-utils python3 python3-yaml libxml2-utils
  # every thread's C frames of a crash under threads, read from its core
  gdb
  # scripts/format.sh (the code_format test) and scripts/tidy.sh
  clang-format clang-tidy
  # the benchmarks in bench/
  bc time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
