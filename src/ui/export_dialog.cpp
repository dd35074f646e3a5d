#include "ui/export_dialog.hpp"

#include <imgui.h>

#include <cstdio>
#include <string>

#include "ui/theme.hpp"

namespace ps::ui {

void ExportDialog::draw(app::AppState& state, const FigureRequest& figure) {
    draw_window_popup(state);
    draw_figure_popup(state, figure);
}

void ExportDialog::draw_window_popup(app::AppState& state) {
    if (state.show_export) {
        std::snprintf(m_path, sizeof m_path, "pixelscope-%s.png",
                      app::tab_info(state.tab).cli_name);
        ImGui::OpenPopup("Export window");
        state.show_export = false;
    }
    ImGui::SetNextWindowSize(ImVec2(36.f * ImGui::GetFontSize(), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Export window", nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
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

void ExportDialog::draw_figure_popup(app::AppState& state, const FigureRequest& figure) {
    if (state.show_export_figure) {
        std::snprintf(m_figure_path, sizeof m_figure_path, "pixelscope-%s-figure.png",
                      app::tab_info(state.tab).cli_name);
        ImGui::OpenPopup("Export figure");
        state.show_export_figure = false;
    }
    ImGui::SetNextWindowSize(ImVec2(36.f * ImGui::GetFontSize(), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Export figure", nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    const bool none = figure.kind == FigureRequest::Kind::none;
    bool close = false;
    if (none) {
        ImGui::TextWrapped("This tab has no figure of its own. %s", figure.why_none.c_str());
        ImGui::Spacing();
        close = ImGui::Button("Close", ImVec2(120, 0));
    } else {
        ImGui::TextWrapped(
            "Writes this tab's figure with its current settings, drawn for slides (white "
            "background, title, legend, the sentences under it), to a PNG file. It is the figure "
            "`pixelscope render` draws, whatever the window's size.");
        if (!figure.note.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
            ImGui::TextWrapped("Note: %s.", figure.note.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::Spacing();
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1);
        const bool entered = ImGui::InputText("##figure_png", m_figure_path, sizeof m_figure_path,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Scale");
        for (int s = 1; s <= 3; ++s) {
            ImGui::SameLine();
            const std::string label = std::to_string(s) + "\u00d7";
            ImGui::RadioButton(label.c_str(), &m_scale, s);
        }
        ImGui::Spacing();
        const bool empty = m_figure_path[0] == '\0';
        ImGui::BeginDisabled(empty);
        if ((ImGui::Button("Export", ImVec2(120, 0)) || entered) && !empty) {
            int w = 0, h = 0;
            const std::string error = export_figure(figure, m_figure_path, m_scale, &w, &h);
            state.message = error.empty()
                                ? "wrote " + std::string(m_figure_path) + " (" + std::to_string(w) +
                                      "\u00d7" + std::to_string(h) +
                                      (figure.note.empty() ? ")" : "; " + figure.note + ")")
                                : error;
            close = true;
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        close = ImGui::Button("Cancel", ImVec2(120, 0)) || close;
    }
    if (close || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace ps::ui
