# No lost work (issue #9): with a trained, unsaved model, Ctrl+Q does not quit but asks Save /
# Discard / Cancel. Driven with xdotool on a real window under Xvfb: train 2 s, Ctrl+Q (the app must
# still run, and the question must be on screen), Esc (cancel: still running), Ctrl+Q again, D
# (discard: the app exits 0). Needs xdotool (scripts/deps.sh); skipped (77) without it.
set(ps_unsaved_script [=[
command -v xdotool >/dev/null || { echo "xdotool not installed: skipped"; exit 77; }
"$@" --view training --train-seconds 2 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
# a key held like a person holds it: ImGui 1.86 reads key state once a frame, and an idle window
# waits for events, so a press and release in one batch would never be seen as a press
press() { xdotool keydown "$1"; sleep 0.3; xdotool keyup "$1"; }
wid=$(xdotool search --sync --name '^PixelScope$' | head -n 1) || exit 1
sleep 8  # start-up and the 2-second run (a loaded machine is slow)
xdotool windowfocus --sync "$wid"
press ctrl+q
sleep 3  # the question opens over a few frames (slow ones on a loaded machine)
kill -0 $pid 2>/dev/null || { echo "Ctrl+Q quit without asking about the unsaved model"; exit 1; }
press Escape
sleep 2
kill -0 $pid 2>/dev/null || { echo "Esc (cancel) quit the app"; exit 1; }
press ctrl+q
sleep 3
press d
for i in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done
kill -0 $pid 2>/dev/null && { echo "Discard did not quit"; exit 1; }
trap - EXIT
wait $pid
]=])
add_test(NAME gui_unsaved_model_quit
    COMMAND xvfb-run -a -s "-screen 0 1600x1000x24" sh -c "${ps_unsaved_script}" sh
            "$<TARGET_FILE:pixelscope>")
set_tests_properties(gui_unsaved_model_quit PROPERTIES LABELS "gui" TIMEOUT 120
    SKIP_RETURN_CODE 77)

# ... and S: the save dialog (its path field has the focus, "model.safetensors" by default), Enter
# writes the checkpoint and its log, then the app quits as asked.
set(ps_unsaved_save_script [=[
command -v xdotool >/dev/null || { echo "xdotool not installed: skipped"; exit 77; }
dir=$(mktemp -d) && cd "$dir" || exit 1
"$@" --view training --train-seconds 2 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
press() { xdotool keydown "$1"; sleep 0.3; xdotool keyup "$1"; }
wid=$(xdotool search --sync --name '^PixelScope$' | head -n 1) || exit 1
sleep 8
xdotool windowfocus --sync "$wid"
press ctrl+q
sleep 3
kill -0 $pid 2>/dev/null || { echo "Ctrl+Q quit without asking about the unsaved model"; exit 1; }
press s
sleep 3
press Return
for i in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done
kill -0 $pid 2>/dev/null && { echo "Save did not go on to quit"; exit 1; }
[ -s model.safetensors ] || { echo "no model.safetensors written"; exit 1; }
[ -s model.csv ] || { echo "no model.csv written"; exit 1; }
trap - EXIT
rm -rf "$dir"
wait $pid
]=])
add_test(NAME gui_unsaved_model_save_then_quit
    COMMAND xvfb-run -a -s "-screen 0 1600x1000x24" sh -c "${ps_unsaved_save_script}" sh
            "$<TARGET_FILE:pixelscope>")
set_tests_properties(gui_unsaved_model_save_then_quit PROPERTIES LABELS "gui" TIMEOUT 120
    SKIP_RETURN_CODE 77)
