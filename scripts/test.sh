#!/usr/bin/env bash
# README command 2: install what is missing, build everything, and run every test with ctest
# (engine, data, viz, lessons, app, and the GUI smoke tests under Xvfb).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${PIXELSCOPE_BUILD_DIR:-$root/build}"
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j"$(nproc)" "$@"
