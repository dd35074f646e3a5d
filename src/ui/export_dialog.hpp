// File ▸ Export window…: asks for a file name; the frame loop writes the next frame (without this
// dialog) to it and reports the outcome in the status bar.
// File ▸ Export figure…: asks for a file name and a scale; writes the current tab's main figure,
// drawn by viz's CPU renderers with the panel's settings (figure_export.hpp), right away.
#pragma once

#include "app/app_state.hpp"
#include "ui/figure_export.hpp"

namespace ps::ui {

class ExportDialog {
public:
    // `figure`: the current tab's figure (Kind::none on tabs without one).
    void draw(app::AppState& state, const FigureRequest& figure);

private:
    void draw_window_popup(app::AppState& state);
    void draw_figure_popup(app::AppState& state, const FigureRequest& figure);

    char m_path[1024] = "";
    char m_figure_path[1024] = "";
    int m_scale = 2;
};

}  // namespace ps::ui
