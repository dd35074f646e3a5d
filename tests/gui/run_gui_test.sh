#!/usr/bin/env bash
# One GUI smoke test: run pixelscope under a virtual X server with --screenshot, then check the PNG.
#   run_gui_test.sh PIXELSCOPE CHECK_PNG OUT.png [check args...] -- [pixelscope args...]
# Fails if pixelscope fails, writes no PNG, or check_png finds the picture blank or wrong.
set -euo pipefail
if (($# < 3)); then
    echo "usage: run_gui_test.sh PIXELSCOPE CHECK_PNG OUT.png [check args...] -- [pixelscope args...]" >&2
    exit 2
fi
pixelscope=$1 check_png=$2 png=$3
shift 3
check_args=()
while (($#)) && [[ $1 != "--" ]]; do
    check_args+=("$1")
    shift
done
(($#)) && shift  # the "--"
rm -f "$png"
# Software GL (llvmpipe) under Xvfb; a 1600x1000 screen holds the default window.
export LIBGL_ALWAYS_SOFTWARE=1
xvfb-run -a -s "-screen 0 1600x1000x24" "$pixelscope" "$@" --screenshot "$png"
if [[ ! -s "$png" ]]; then
    echo "run_gui_test: pixelscope exited 0 but wrote no $png" >&2
    exit 1
fi
exec "$check_png" "$png" "${check_args[@]}"
