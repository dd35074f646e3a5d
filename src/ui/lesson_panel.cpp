#include "ui/lesson_panel.hpp"

#include <string>

#include "ui/theme.hpp"

namespace ps::ui {

namespace {
// The lesson plan of issue 8, in its order. Titles only: nothing here pretends to be a lesson.
const char* const k_planned[] = {
    "Autoregressive models: the chain rule, raster order",
    "Colour: R then G then B, the 256-way softmax",
    "Masked convolutions: mask A and mask B",
    "PixelCNN: stacking masked convolutions",
    "The blind spot",
    "Row LSTM: the triangular context",
    "Diagonal BiLSTM: the skew trick",
    "Sampling is slow: naive vs cached",
    "Train your own tiny model",
    "Summary, and Gated PixelCNN as the fix",
};
}  // namespace

void LessonPanel::draw(const app::AppState& state, ImVec2 pos, ImVec2 size) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.965f, 0.969f, 0.976f, 1.f));  // #F6F7F9
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    const bool open = ImGui::Begin("##lessons", nullptr, flags);
    ImGui::PopStyleColor();
    if (!open) {
        ImGui::End();
        return;
    }
    ImGui::GetWindowDrawList()->AddLine(pos, ImVec2(pos.x, pos.y + size.y),
                                        ImGui::GetColorU32(ImGuiCol_Border));
    heading(state.fonts, "Lessons");
    ImGui::Spacing();
    ImGui::TextWrapped(
        "Guided lessons are not written yet. They will walk from the chain rule to the blind spot, "
        "each step setting up the views and asking you to act in them: click the pixels a layer "
        "cannot see, pick the right mask, predict where a pixel lands after the skew.");
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Planned");
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    // Numbers right-aligned in their own column, titles wrapping under themselves.
    const float x0 = ImGui::GetCursorPosX();
    const float number_w = ImGui::CalcTextSize("10.").x;
    int number = 1;
    for (const char* title : k_planned) {
        const std::string n = std::to_string(number++) + ".";
        ImGui::SetCursorPosX(x0 + number_w - ImGui::CalcTextSize(n.c_str()).x);
        ImGui::TextUnformatted(n.c_str());
        ImGui::SameLine(x0 + number_w + 8.f);
        ImGui::TextWrapped("%s", title);
    }
    ImGui::PopStyleColor();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Meanwhile, in the Data tab");
    ImGui::PopFont();
    ImGui::TextWrapped(
        "Hover a pixel of the large digit to read its value, click to select it, and tick "
        "Binarise to see the image as the binary models see it.");
    ImGui::End();
}

}  // namespace ps::ui
