#!/usr/bin/env bash
# README command 1: install what is missing, build (Release), and launch PixelScope on the shipped
# MNIST set. Arguments are passed to the app (e.g. `scripts/run.sh --help`).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh" --target pixelscope
exec "${PIXELSCOPE_BUILD_DIR:-$root/build}/pixelscope" "$@"
