#include "ui/export_dialog.hpp"

#include <imgui.h>

#include <cstdio>

#include "ui/theme.hpp"

namespace ps::ui {

void ExportDialog::draw(app::AppState& state) {
    if (state.show_export) {
        std::snprintf(m_path, sizeof m_path, "pixelscope-%s.png",
                      app::tab_info(state.tab).cli_name);
        ImGui::OpenPopup("Export PNG");
        state.show_export = false;
    }
    ImGui::SetNextWindowSize(ImVec2(36.f * ImGui::GetFontSize(), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Export PNG", nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    ImGui::TextWrapped(
        "Writes the window as it is on screen (this dialog closed) to a PNG file. "
        "A relative name is saved in the folder PixelScope was started from.");
    ImGui::Spacing();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    const bool entered =
        ImGui::InputText("##png", m_path, sizeof m_path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::Spacing();
    const bool empty = m_path[0] == '\0';
    ImGui::BeginDisabled(empty);
    if ((ImGui::Button("Export", ImVec2(120, 0)) || entered) && !empty) {
        state.requests.export_png = m_path;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(120, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace ps::ui
