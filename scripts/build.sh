#!/usr/bin/env bash
# Configures (once) and builds PixelScope in build/ (Release). Incremental: a second run with no
# change does nothing. Extra arguments go to `cmake --build` (e.g. --target pixelscope).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${PIXELSCOPE_BUILD_DIR:-$root/build}"
if [[ ! -f "$build/build.ninja" ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" "$@"
