#include "ui/checkpoint_dialog.hpp"

#include <imgui.h>

#include <GLFW/glfw3.h>  // key codes: the GLFW backend of ImGui 1.86 reports keys by them

#include <filesystem>

#include "ui/theme.hpp"

namespace ps::ui {

namespace {

const char* drop_text(app::TrainingShared::Drop action) {
    using D = app::TrainingShared::Drop;
    switch (action) {
        case D::reset:
            return "Reset drops it.";
        case D::load_checkpoint:
            return "Loading a checkpoint replaces it.";
        case D::load_dataset:
            return "The new dataset's images have another size, so the model cannot go on "
                   "training on it: loading the dataset drops the model.";
        case D::quit:
            return "Quitting loses it.";
        case D::none:
            break;
    }
    return "";
}

}  // namespace

void CheckpointDialog::draw_unsaved_question(app::AppState& state) {
    auto& pd = state.trainer.pending_drop;
    const char* title = "Unsaved model###unsaved_model";
    const bool asking =
        pd.action != app::TrainingShared::Drop::none && !pd.discard && !pd.after_save;
    if (asking && !ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    ImGui::SetNextWindowSize(ImVec2(34.f * ImGui::GetFontSize(), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    if (!asking) {  // answered elsewhere (or the action went away)
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Save the trained model?");
    ImGui::PopFont();
    std::string what = "The model trained here";
    if (state.trainer.model) {
        const engine::ModelConfig& c = state.trainer.model->config;
        what += " (" + c.arch + " h=" + std::to_string(c.h) + " L=" + std::to_string(c.layers) +
                ", step " + std::to_string(state.trainer.model->step) + ")";
    }
    ImGui::TextWrapped("%s is not saved. %s", what.c_str(), drop_text(pd.action));
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextUnformatted("Keys: S save, D discard, Esc cancel");
    ImGui::PopStyleColor();
    ImGui::Spacing();
    const ImVec2 button(8.f * ImGui::GetFontSize(), 0);
    // keys as well: S, D, Esc (the first letters on the buttons)
    const bool key_s = ImGui::IsKeyPressed(GLFW_KEY_S, false);
    const bool key_d = ImGui::IsKeyPressed(GLFW_KEY_D, false);
    if (ImGui::Button("Save…", button) || key_s) {
        pd.after_save = true;  // the save dialog next; the action once the file is written
        state.checkpoint_dialog = 1;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Discard", button) || key_d) {
        pd.discard = true;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", button) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        pd = {};
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void CheckpointDialog::draw(app::AppState& state) {
    draw_unsaved_question(state);
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
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        // a Save asked for by the unsaved-model question: cancelling it cancels the action too
        if (save && state.trainer.pending_drop.after_save) state.trainer.pending_drop = {};
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace ps::ui
