#include "ui/open_idx_dialog.hpp"

#include <imgui.h>

#include "ui/theme.hpp"

namespace ps::ui {

void OpenIdxDialog::draw(app::AppState& state) {
    if (state.show_open_idx) {
        ImGui::OpenPopup("Open IDX dataset");
        state.show_open_idx = false;
    }
    ImGui::SetNextWindowSize(ImVec2(40.f * ImGui::GetFontSize(), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Open IDX dataset", nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ImGui::TextWrapped(
        "An images IDX file (raw or .gz; labels found beside it by the usual "
        "naming), a folder holding train-/t10k-{images-idx3,labels-idx1}-ubyte[.gz], "
        "or two files as images.idx,labels.idx.");
    ImGui::Spacing();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    const bool entered =
        ImGui::InputTextWithHint("##path", "/path/to/t10k-images-idx3-ubyte.gz", m_path,
                                 sizeof m_path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::Spacing();
    const bool empty = m_path[0] == '\0';
    ImGui::BeginDisabled(empty);
    if ((ImGui::Button("Open", ImVec2(120, 0)) || entered) && !empty) {
        state.requests.load_dataset = m_path;
        state.tab = app::Tab::data;
        state.requests.select_tab = true;
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
