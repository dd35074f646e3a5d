# File > Export figure (Ctrl+E) writes the tab's figure, not the window: on a real window under
# Xvfb, the Masks tab (kernel 5, RGB groups shown) exports at the dialog's default 2x scale, and
# the PNG must be exactly twice the size of `pixelscope render masks --kernel 5 --rgb` (the same
# CPU renderer) and not the 1600x1000 window. Needs xdotool; skipped (77) without it.
set(ps_export_figure_script [=[
command -v xdotool >/dev/null || { echo "xdotool not installed: skipped"; exit 77; }
app="$1"
dir=$(mktemp -d) && cd "$dir" || exit 1
"$app" render masks --kernel 5 --rgb --out ref.png >/dev/null || { echo "render masks failed"; exit 1; }
"$app" --view masks &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
# a key held like a person holds it (ImGui 1.86 reads key state once a frame)
press() { xdotool keydown "$1"; sleep 0.3; xdotool keyup "$1"; }
wid=$(xdotool search --sync --name '^PixelScope$' | head -n 1) || exit 1
sleep 4
xdotool windowfocus --sync "$wid"
press ctrl+e
sleep 2  # the dialog opens with its path field focused: pixelscope-masks-figure.png
press Return
out=pixelscope-masks-figure.png
for i in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.2; done
[ -s "$out" ] || { echo "no $out written"; exit 1; }
kill -0 $pid 2>/dev/null || { echo "the app exited"; exit 1; }
# PNG width and height: big-endian at bytes 16..23
size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print ($1*16777216+$2*65536+$3*256+$4) "x" ($5*16777216+$6*65536+$7*256+$8) }'; }
ref=$(size ref.png); got=$(size "$out")
want=$(echo "$ref" | awk -Fx '{ print 2*$1 "x" 2*$2 }')
echo "render masks: $ref, exported figure: $got"
[ "$got" = "$want" ] || { echo "exported $got, want $want (2x the figure)"; exit 1; }
[ "$got" != "1600x1000" ] || { echo "exported the window"; exit 1; }
"$2" "$out" --size "$got" --min-colours 8 || exit 1
]=])
add_test(NAME gui_export_figure
    COMMAND xvfb-run -a -s "-screen 0 1600x1000x24" sh -c "${ps_export_figure_script}" sh
            "$<TARGET_FILE:pixelscope>" "$<TARGET_FILE:check_png>")
set_tests_properties(gui_export_figure PROPERTIES LABELS "gui" TIMEOUT 120 SKIP_RETURN_CODE 77)
