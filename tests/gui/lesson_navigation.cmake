# The lesson panel on a real window under Xvfb, driven with xdotool: lesson 1 opens on step 1;
# a click on Next shows step 2 (the panel's pixels change), a click on Back shows step 1 again
# (the panel's pixels equal the first picture), and View > Lesson panel hides the panel (its
# Next button's accent blue is gone). Each picture is the app's own File > Export window
# (Ctrl+Shift+E, Enter: the next frame, dialog closed), and the script waits for each PNG to be
# readable rather than sleeping a fixed time after it. Needs xdotool; skipped (77) without it.
# Coordinates are the 1600x1000 layout's: Next (1547, 941), Back (1277, 941), View (83, 14) and
# its last item, Lesson panel (83, 208).
set(ps_lesson_nav_script [=[
command -v xdotool >/dev/null || { echo "xdotool not installed: skipped"; exit 77; }
app="$1"; check="$2"
dir=$(mktemp -d) && cd "$dir" || exit 1
"$app" --lesson 1 --step 1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
# a key held like a person holds it (ImGui 1.86 reads key state once a frame)
press() { xdotool keydown "$1"; sleep 0.3; xdotool keyup "$1"; }
click() { xdotool mousemove --window "$wid" "$1" "$2"; sleep 0.3; xdotool mousedown 1; sleep 0.2; xdotool mouseup 1; sleep 0.5; }
# export the window to $1: retried until the app has written a readable PNG
shot() {
    for attempt in 1 2 3; do
        press ctrl+shift+e
        sleep 1
        press Return
        for i in $(seq 1 50); do
            # named after the tab on screen (a step's scene may switch tabs)
            for f in pixelscope-*.png; do
                "$check" "$f" >/dev/null 2>&1 && { mv "$f" "$1"; return 0; }
            done
            sleep 0.2
        done
        press Escape
    done
    echo "no window export for $1"; exit 1
}
wid=$(xdotool search --sync --name '^PixelScope$' | head -n 1) || exit 1
sleep 3
xdotool windowfocus --sync "$wid"
lesson="1240,160,360,620"   # the lesson panel's text
next="1500,925,95,35"       # its Next button
shot step1.png
"$check" step1.png --size 1600x1000 --colour "$next,2563EB,200" || { echo "no Next button"; exit 1; }
click 1547 941
shot step2.png
"$check" step2.png --differs "step1.png,$lesson" || { echo "Next did not change the step"; exit 1; }
click 1277 941
shot back.png
"$check" back.png --same "step1.png,$lesson" || { echo "Back did not return to step 1"; exit 1; }
click 83 14
sleep 0.5
click 83 208
shot hidden.png
"$check" hidden.png --differs "step1.png,$next" || { echo "the lesson panel did not hide"; exit 1; }
kill -0 $pid 2>/dev/null || { echo "the app exited"; exit 1; }
]=])
add_test(NAME gui_lesson_navigation
    COMMAND xvfb-run -a -s "-screen 0 1600x1000x24" sh -c "${ps_lesson_nav_script}" sh
            "$<TARGET_FILE:pixelscope>" "$<TARGET_FILE:check_png>")
set_tests_properties(gui_lesson_navigation PROPERTIES LABELS "gui" TIMEOUT 150
    SKIP_RETURN_CODE 77)
