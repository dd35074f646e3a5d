#include "ui/help_dialog.hpp"

#include <imgui.h>

#include "ui/theme.hpp"

namespace ps::ui {

namespace {
struct Shortcut {
    const char* keys;
    const char* action;
};
const Shortcut k_now[] = {
    {"F1", "this help"},
    {"Ctrl+Q", "quit"},
    {"← / →", "previous / next image (Data tab)"},
    {"Page Up / Down", "previous / next page of thumbnails (Data tab)"},
    {"Mouse wheel", "page through thumbnails (Data tab)"},
    {"Space", "play / pause (Skew, Sampling)"},
    {"→ / ←", "step / step back (Skew, Sampling)"},
    {"R", "reset (Skew, Sampling)"},
    {"Ctrl+S", "save checkpoint (once a model exists)"},
    {"Ctrl+E", "export the tab's figure (Masks, Receptive field, Skew)"},
    {"Ctrl+Shift+E", "export the window as a PNG"},
};

void table(const char* id, const Shortcut* rows, int count, const app::Fonts& fonts) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
    ImGui::TableSetupColumn("keys", ImGuiTableColumnFlags_WidthFixed, 11.f * ImGui::GetFontSize());
    ImGui::TableSetupColumn("action", ImGuiTableColumnFlags_WidthStretch);
    for (int i = 0; i < count; ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushFont(fonts.bold);
        ImGui::TextUnformatted(rows[i].keys);
        ImGui::PopFont();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(rows[i].action);
    }
    ImGui::EndTable();
}
}  // namespace

void HelpDialog::draw(app::AppState& state) {
    if (state.show_help) {
        ImGui::OpenPopup("Keyboard shortcuts");
        state.show_help = false;
    }
    ImGui::SetNextWindowSize(ImVec2(34.f * ImGui::GetFontSize(), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Keyboard shortcuts", nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    table("##now", k_now, int(sizeof k_now / sizeof k_now[0]), state.fonts);
    ImGui::Spacing();
    muted_wrapped(
        "Every canvas: hover a cell to read its row, column and value; click to select it.");
    ImGui::Spacing();
    if (ImGui::Button("Close", ImVec2(120, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace ps::ui
