#!/usr/bin/env bash
# Kill-during-save measurement (issue #9): builds pixelscope and test_app in build/ (or
# $PIXELSCOPE_BUILD_DIR) and runs tests/app/test_kill_during_save.cpp with N kills (default 100).
#   scripts/kill_test.sh [N]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${PIXELSCOPE_BUILD_DIR:-$root/build}"
loops="${1:-100}"
if [[ ! -f "$build/build.ninja" ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target pixelscope test_app
PIXELSCOPE_KILL_LOOPS="$loops" "$build/test_app" -tc="SIGKILL during checkpoint saves*"
