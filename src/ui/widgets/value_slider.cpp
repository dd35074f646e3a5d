#include "ui/widgets/value_slider.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

namespace ps::ui {

namespace {

// The visible part of an ImGui label: the text before "##" (or "###").
std::string visible_part(const char* label) {
    const char* end = std::strstr(label, "##");
    return end ? std::string(label, end) : std::string(label);
}

// Frame with no text, then the value text (right of the frame, in a column `value_w` wide),
// then the visible label. `draw_slider` draws the frame at the width it is given.
template <class DrawSlider>
bool slider_with_value(const char* label, const char* value_text, float value_w,
                       DrawSlider draw_slider) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string shown = visible_part(label);
    const float total = ImGui::CalcItemWidth();
    // as in ImGui, the item width covers the frame (here: frame and value), not the label
    const float frame_w =
        std::max(3.f * ImGui::GetFontSize(), total - value_w - style.ItemInnerSpacing.x);
    // a common minimum column keeps the frames of a panel's sliders the same length
    value_w = std::max(value_w, 3.5f * ImGui::GetFontSize());
    ImGui::PushID(label);
    ImGui::SetNextItemWidth(frame_w);
    const bool changed = draw_slider();
    // the texts below are items too; the caller's IsItemHovered / IsItemActive must see the slider
    const ImGuiLastItemData slider_item = ImGui::GetCurrentContext()->LastItemData;
    ImGui::SameLine(0, style.ItemInnerSpacing.x);
    ImGui::AlignTextToFramePadding();
    const float x = ImGui::GetCursorPosX();
    ImGui::TextUnformatted(value_text);
    if (!shown.empty()) {
        ImGui::SameLine(x + value_w + style.ItemInnerSpacing.x);
        ImGui::TextUnformatted(shown.c_str());
    }
    ImGui::PopID();
    ImGui::GetCurrentContext()->LastItemData = slider_item;
    return changed;
}

std::string format_int(const char* format, int v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string format_float(const char* format, float v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, double(v));
    return buf;
}

}  // namespace

bool value_slider_int(const char* label, int* v, int lo, int hi, const char* format,
                      ImGuiSliderFlags flags) {
    // a fixed text (no '%') is its own widest value
    const bool fixed = std::strchr(format, '%') == nullptr;
    const std::string text = fixed ? format : format_int(format, *v);
    float value_w = ImGui::CalcTextSize(text.c_str()).x;
    if (!fixed)
        value_w = std::max({value_w, ImGui::CalcTextSize(format_int(format, lo).c_str()).x,
                            ImGui::CalcTextSize(format_int(format, hi).c_str()).x});
    return slider_with_value(label, text.c_str(), value_w, [&] {
        return ImGui::SliderInt("##slider", v, lo, hi, "", flags | ImGuiSliderFlags_NoInput);
    });
}

bool value_slider_float(const char* label, float* v, float lo, float hi, const char* format,
                        ImGuiSliderFlags flags) {
    const std::string text = format_float(format, *v);
    const float value_w = std::max({ImGui::CalcTextSize(text.c_str()).x,
                                    ImGui::CalcTextSize(format_float(format, lo).c_str()).x,
                                    ImGui::CalcTextSize(format_float(format, hi).c_str()).x});
    return slider_with_value(label, text.c_str(), value_w, [&] {
        return ImGui::SliderFloat("##slider", v, lo, hi, "", flags | ImGuiSliderFlags_NoInput);
    });
}

}  // namespace ps::ui
