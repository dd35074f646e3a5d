#include "ui/checkpoint_dialog.hpp"

#include <imgui.h>

#include <filesystem>

#include "ui/theme.hpp"

namespace ps::ui {

void CheckpointDialog::draw(app::AppState& state) {
    const char* title = "Checkpoint###checkpoint_dialog";
    if (state.checkpoint_dialog != 0) {
        m_mode = state.checkpoint_dialog;
        state.checkpoint_dialog = 0;
        ImGui::OpenPopup(title);
    }
    ImGui::SetNextWindowSize(ImVec2(40.f * ImGui::GetFontSize(), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    const bool save = m_mode == 1;
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(save ? "Save checkpoint" : "Load checkpoint");
    ImGui::PopFont();
    ImGui::TextWrapped(
        save ? "The latest weights as a .safetensors file (NumPy, PyTorch and `pixelscope "
               "eval/sample` read it), with the training log as a .csv beside it."
             : "A .safetensors checkpoint written here or by `pixelscope train`. Press Resume on "
               "the Training tab to go on training it.");
    ImGui::Spacing();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    const bool entered = ImGui::InputText("##checkpoint_path", m_path, sizeof m_path,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    std::error_code ec;
    if (save && m_path[0] != '\0' && std::filesystem::exists(m_path, ec)) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        ImGui::TextUnformatted("The file exists and will be replaced.");
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    const bool empty = m_path[0] == '\0';
    ImGui::BeginDisabled(empty);
    if ((ImGui::Button(save ? "Save" : "Load", ImVec2(120, 0)) || entered) && !empty) {
        (save ? state.requests.save_checkpoint : state.requests.load_checkpoint) = m_path;
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
