#include "ui/status_bar.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "ui/text.hpp"
#include "ui/theme.hpp"

namespace ps::ui {

float StatusBar::height() {
    return ImGui::GetTextLineHeight() + 2.f * 7.f;
}

void StatusBar::draw(const app::AppState& state, ImVec2 pos, ImVec2 size) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, 7));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.925f, 0.937f, 0.953f, 1.f));
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing;
    const bool open = ImGui::Begin("##status_bar", nullptr, flags);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    if (!open) {
        ImGui::End();
        return;
    }
    // A hairline on top separates the bar from the workspace.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y));  // outside the padded clip
    draw->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + 1.f),
                        ImGui::GetColorU32(ImGuiCol_Border));
    draw->PopClipRect();

    auto field = [&](const char* name, const std::string& value) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        ImGui::TextUnformatted(name);
        ImGui::PopStyleColor();
        ImGui::SameLine(0, 6);
        ImGui::TextUnformatted(value.c_str());
        ImGui::SameLine(0, 28);
    };
    field("Model", state.model);
    std::string dataset = "none";
    if (!state.data.loading.empty()) {
        dataset = "loading " + state.data.loading + " …";
    } else if (state.data.dataset) {
        const data::Dataset& ds = *state.data.dataset;
        dataset = ds.name + " (" + thousands(long(ds.train.size())) + " train / " +
                  thousands(long(ds.test.size())) + " test, " + std::to_string(ds.images.rows) +
                  "×" + std::to_string(ds.images.cols) + (ds.images.channels == 3 ? " RGB)" : ")");
    }
    field("Dataset", dataset);
    field("Training", state.training);
    if (!state.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text,
                              state.message_is_error ? colours::error : colours::accent);
        ImGui::TextUnformatted(state.message.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
    }

    char frame[64];
    if (state.frame_ms > 0.f)
        std::snprintf(frame, sizeof frame, "%.1f ms / frame", double(state.frame_ms));
    else
        std::snprintf(frame, sizeof frame, "– ms / frame");  // not measured yet
    ImGui::PushFont(state.fonts.mono);
    const float w = ImGui::CalcTextSize(frame).x;
    // Right-aligned when there is room; in a narrow window the fields simply run on.
    ImGui::SameLine(std::max(ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 28.f,
                             ImGui::GetWindowContentRegionMax().x - w));
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextUnformatted(frame);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::End();
}

}  // namespace ps::ui
