// Sliders whose value is always readable. ImGui centres a slider's value text in its frame, and
// on a short range (Threads 1..2, a 5-step kernel slider) the grab is half the frame wide and sits
// right on top of the text. These draw the frame with no text and print the value just to the
// right of it, in a column wide enough for the widest value, so the layout does not jump while
// dragging. The visible part of the label (before "##") follows the value, as ImGui would draw it.
#pragma once

#include <imgui.h>

namespace ps::ui {

// `format` is a printf format for the int (or a fixed text such as "3 x 3", shown as is when it
// has no '%'). The whole item keeps the current item width (SetNextItemWidth / PushItemWidth).
bool value_slider_int(const char* label, int* v, int lo, int hi, const char* format = "%d",
                      ImGuiSliderFlags flags = 0);
bool value_slider_float(const char* label, float* v, float lo, float hi,
                        const char* format = "%.2f", ImGuiSliderFlags flags = 0);

}  // namespace ps::ui
