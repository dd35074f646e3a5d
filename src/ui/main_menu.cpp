#include "ui/main_menu.hpp"

#include <imgui.h>

#include <GLFW/glfw3.h>

#include "ui/theme.hpp"

namespace ps::ui {

void MainMenu::handle_shortcuts(app::AppState& state) {
    // The GLFW backend of ImGui 1.86 reports keys by their GLFW codes.
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) state.show_help = true;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q, false)) state.requests.quit = true;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_S, false) && state.trainer.model)
        state.checkpoint_dialog = 1;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_E, false)) {
        if (io.KeyShift)
            state.show_export = true;
        else
            state.show_export_figure = true;
    }
}

void MainMenu::draw(app::AppState& state) {
    handle_shortcuts(state);
    if (!ImGui::BeginMainMenuBar()) return;
    m_height = ImGui::GetWindowSize().y;

    if (ImGui::BeginMenu("File")) {
        const bool loading = !state.data.loading.empty();
        if (ImGui::BeginMenu("Dataset", !loading)) {
            const std::string current = state.data.dataset ? state.data.dataset->name : "";
            for (const std::string& name : data::dataset_names()) {
                if (ImGui::MenuItem(name.c_str(), nullptr, name == current))
                    state.requests.load_dataset = name;
            }
            ImGui::Separator();
            if (ImGui::MenuItem("Open IDX…")) state.show_open_idx = true;
            ImGui::EndMenu();
        }
        if (loading && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Loading %s …", state.data.loading.c_str());
        ImGui::Separator();
        const bool training = state.trainer.worker->active();
        if (ImGui::MenuItem("Load checkpoint…", nullptr, false, !training))
            state.checkpoint_dialog = 2;
        if (training && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Stop training first (Training tab)");
        if (ImGui::MenuItem("Save checkpoint…", "Ctrl+S", false, state.trainer.model != nullptr))
            state.checkpoint_dialog = 1;
        if (!state.trainer.model && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("No model yet: train one on the Training tab, or load one");
        ImGui::Separator();
        if (ImGui::MenuItem("Export figure…", "Ctrl+E")) state.show_export_figure = true;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "The tab's main figure as a PNG for slides (Masks, Receptive field, Skew)");
        if (ImGui::MenuItem("Export window…", "Ctrl+Shift+E")) state.show_export = true;
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) state.requests.quit = true;
        ImGui::EndMenu();
    }

    if (ImGui::BeginMenu("View")) {
        for (const app::TabInfo& info : app::k_tabs) {
            if (ImGui::MenuItem(info.title, nullptr, state.tab == info.tab)) {
                state.tab = info.tab;
                state.requests.select_tab = true;
            }
        }
        ImGui::Separator();
        ImGui::MenuItem("Lesson panel", nullptr, &state.show_lesson_panel);
        ImGui::EndMenu();
    }

    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keyboard shortcuts", "F1")) state.show_help = true;
        if (ImGui::MenuItem("About PixelScope")) state.show_about = true;
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

}  // namespace ps::ui
