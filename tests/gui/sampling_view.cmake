# The Sampling tab mid-generation (a --screenshot of --view sampling draws to pixel (14, 14) of the
# 28x28 image: the last steps in naive mode, so both speed counters hold a measurement). The
# canvas must show the partly drawn image (its top half varied, its bottom half the "not drawn
# yet" grey C9D1DC), the pixel just drawn outlined red (D62929), the next one orange (F4A300)
# and its context outlined in the accent blue (2563EB); beside it the predicted distribution
# with the drawn bar framed red, and the batch mosaic. A blank or half-built tab fails.

# The untrained model (no training in the app yet): the view says its samples are noise.
pixelscope_gui_test(sampling_view --size 1600x1000 --min-colours 60
    --region 345,225,470,200,20
    --region 850,420,340,340,20
    --colour 335,215,490,485,C9D1DC,20000
    --colour 335,215,490,485,D62929,60
    --colour 335,215,490,485,F4A300,30
    --colour 335,215,490,485,2563EB,300
    --colour 840,230,380,120,D62828,60
    -- --view sampling --size 1600x1000)

# A PixelCNN trained for 3 seconds in the app (--train-seconds; the screenshot waits for the run,
# then shows the Sampling tab), sampled with those weights to the middle of the image.
pixelscope_gui_test(sampling_trained --size 1600x1000 --min-colours 60
    --region 345,185,470,190,10
    --colour 335,175,490,485,C9D1DC,20000
    --colour 335,175,490,485,D62929,60
    --colour 335,175,490,485,2563EB,300
    -- --view sampling --size 1600x1000 --train-seconds 3)

# The keys (DESIGN.md §7) on a real window under Xvfb, driven with xdotool: from the first
# position, Right five times and Left twice leave the sampler at position 3, so the pixel just
# drawn (red outline) is (0, 2) and the next one (orange) is (0, 3). The screenshot is taken after
# a fixed number of frames, long enough for the keys. Skipped (77) without xdotool.
set(ps_sampling_keys_script [=[
command -v xdotool >/dev/null || { echo "xdotool not installed: skipped"; exit 77; }
pixelscope=$1 check_png=$2 png=$3
rm -f "$png"
"$pixelscope" --view sampling --sample-steps 0 --size 1600x1000 --frames 600 \
    --screenshot "$png" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
# held for a few frames, released before ImGui's key repeat (0.275 s) would add a step
press() { xdotool keydown "$1"; sleep 0.12; xdotool keyup "$1"; sleep 0.12; }
wid=$(xdotool search --sync --name '^PixelScope$' | head -n 1) || exit 1
xdotool windowfocus --sync "$wid"
sleep 1
for i in 1 2 3 4 5; do press Right; done
press Left
press Left
trap - EXIT
wait $pid || exit 1
# row 0 of the canvas (cells of 16 px): the red outline of (0, 2) and the orange of (0, 3); at
# position 0 or 5 neither region holds its colour
exec "$check_png" "$png" --size 1600x1000 \
    --colour 385,215,20,30,D62929,40 \
    --colour 409,215,18,30,F4A300,20
]=])
add_test(NAME gui_sampling_keys
    COMMAND xvfb-run -a -s "-screen 0 1600x1000x24" sh -c "${ps_sampling_keys_script}" sh
            "$<TARGET_FILE:pixelscope>" "$<TARGET_FILE:check_png>"
            "${CMAKE_CURRENT_BINARY_DIR}/sampling_keys.png")
set_tests_properties(gui_sampling_keys PROPERTIES LABELS "gui" TIMEOUT 120 SKIP_RETURN_CODE 77)
