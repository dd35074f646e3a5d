#include "ui/lesson_panel.hpp"

#include <string>

#include "ui/theme.hpp"

namespace ps::ui {

void LessonPanel::draw(const app::AppState& state, ImVec2 pos, ImVec2 size) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    // No background of its own (the frame is cleared to white; a software rasteriser pays for
    // every full-height fill): the hairline on the left sets the panel apart.
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoDecoration |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    const bool open = ImGui::Begin("##lessons", nullptr, flags);
    if (!open) {
        ImGui::End();
        return;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y));  // the edge is outside the
    draw->AddRectFilled(pos, ImVec2(pos.x + 1.f, pos.y + size.y),     // window's padded clip
                        ImGui::GetColorU32(ImGuiCol_Border));
    draw->PopClipRect();
    heading(state.fonts, "Lessons");
    ImGui::Spacing();
    ImGui::TextWrapped(
        "The lessons are written; the player that shows them here (text, Back / Next, checks you "
        "pass by acting in the views) is still being built. Each step will set up the views and "
        "ask you to click the pixels a layer cannot see, pick the right mask, or predict where a "
        "pixel lands after the skew.");
    ImGui::Spacing();
    const lessons::LessonSet& set = state.lessons;
    if (set.en.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::error);
        ImGui::TextWrapped("%s", set.dir.empty()
                                     ? "No lessons folder found."
                                     : ("No lessons could be read in " + set.dir).c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted("In the lessons folder");
        ImGui::PopFont();
        // Numbers right-aligned in their own column, titles wrapping under themselves.
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        const float x0 = ImGui::GetCursorPosX();
        const float number_w = ImGui::CalcTextSize("10.").x;
        for (const lessons::Lesson& lesson : set.en) {
            const std::string n = std::to_string(lesson.number) + ".";
            ImGui::SetCursorPosX(x0 + number_w - ImGui::CalcTextSize(n.c_str()).x);
            ImGui::TextUnformatted(n.c_str());
            ImGui::SameLine(x0 + number_w + 8.f);
            ImGui::TextWrapped("%s  (%d steps)", lesson.title.c_str(), int(lesson.steps.size()));
        }
        ImGui::PopStyleColor();
    }
    if (!set.errors.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::error);
        ImGui::TextWrapped(
            "%d problem(s) in the lesson files; `pixelscope lessons --check` lists "
            "them.",
            int(set.errors.size()));
        ImGui::PopStyleColor();
    }
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
