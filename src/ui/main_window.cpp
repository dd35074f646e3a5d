#include "ui/main_window.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace ps::ui {

void MainWindow::draw(app::AppState& state) {
    if (state.requests.apply_scene) {
        // Only the panel of the scene's own tab takes it: size, pixel, arch or step mean
        // different things on different tabs (a sampling scene's size 28 is not a Skew grid).
        const lessons::Scene& scene = state.requests.scene;
        const std::string tab = scene.word("tab");
        if (tab == "data") m_data.apply_scene(scene);
        if (tab == "masks") m_masks.apply_scene(scene);
        if (tab == "rf") m_rf.apply_scene(scene);
        if (tab == "skew") m_skew.apply_scene(scene);
        if (tab == "sampling") m_sampling.apply_scene(scene);
        if (tab == "training") m_training.apply_scene(scene);
        state.requests.apply_scene = false;
    }
    if (!state.show_lesson_panel) {
        // A hidden lesson panel poses no check: clicks select pixels again and the field is
        // drawn. The panel sets both again each frame it is shown.
        state.explorer.picking = false;
        state.explorer.hide_field = false;
    }
    m_training.update(state);  // the worker's latest snapshot, whatever tab is open
    m_menu.draw(state);

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float top = viewport->Pos.y + m_menu.height();
    const float status_h = StatusBar::height();
    const float body_h = std::max(1.f, viewport->Size.y - m_menu.height() - status_h);
    const float lesson_w =
        state.show_lesson_panel
            ? std::round(std::min(22.f * ImGui::GetFontSize(), 0.3f * viewport->Size.x))
            : 0.f;
    const float work_w = viewport->Size.x - lesson_w;

    draw_workspace(state, ImVec2(viewport->Pos.x, top), ImVec2(work_w, body_h));
    if (state.show_lesson_panel)
        m_lessons.draw(state, ImVec2(viewport->Pos.x + work_w, top), ImVec2(lesson_w, body_h));
    m_status.draw(state, ImVec2(viewport->Pos.x, top + body_h), ImVec2(viewport->Size.x, status_h));

    m_help.draw(state);
    m_about.draw(state);
    m_open_idx.draw(state);
    m_export.draw(state, current_figure(state));
    m_checkpoint.draw(state);
}

FigureRequest MainWindow::current_figure(const app::AppState& state) const {
    if (state.tab == app::Tab::masks) return m_masks.figure();
    if (state.tab == app::Tab::receptive_field) return m_rf.figure();
    if (state.tab == app::Tab::skew) return m_skew.figure();
    FigureRequest none;
    none.why_none =
        "Figures come from the Masks, Receptive field and Skew tabs; File > Export window saves "
        "this tab as it is on screen.";
    return none;
}

void MainWindow::draw_workspace(app::AppState& state, ImVec2 pos, ImVec2 size) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    // No background: the frame is cleared to the window colour already, and on a software
    // rasteriser a second full-size fill costs several milliseconds a frame.
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
    if (!ImGui::Begin("##workspace", nullptr, flags)) {
        ImGui::End();
        return;
    }
    if (ImGui::BeginTabBar("##tabs", ImGuiTabBarFlags_NoTooltip)) {
        const bool forced = state.requests.select_tab;
        for (const app::TabInfo& info : app::k_tabs) {
            const ImGuiTabItemFlags tab_flags =
                forced && state.tab == info.tab ? ImGuiTabItemFlags_SetSelected : 0;
            // Pad the labels: tabs are the main navigation, they should read from the back row.
            const std::string label = std::string("  ") + info.title + "  ###" + info.cli_name;
            if (!ImGui::BeginTabItem(label.c_str(), nullptr, tab_flags)) continue;
            if (!forced) state.tab = info.tab;  // a forced switch lands next frame
            ImGui::BeginChild("##tab_body", ImVec2(0, 0), false);
            if (info.tab == app::Tab::data)
                m_data.draw(state);
            else if (info.tab == app::Tab::masks)
                m_masks.draw(state);
            else if (info.tab == app::Tab::receptive_field)
                m_rf.draw(state);
            else if (info.tab == app::Tab::skew)
                m_skew.draw(state);
            else if (info.tab == app::Tab::sampling)
                m_sampling.draw(state);
            else if (info.tab == app::Tab::training)
                m_training.draw(state);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        state.requests.select_tab = false;
        ImGui::EndTabBar();
    }
    ImGui::End();
}

}  // namespace ps::ui
