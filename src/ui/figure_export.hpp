// File ▸ Export figure: the current tab's main figure drawn by viz's CPU renderers (the same
// code as `pixelscope render masks|rf|skew`), with the panel's current settings, at the figure's
// own resolution (about 1100-1300 px wide, independent of the window) times a whole scale.
// No ImGui here: a panel fills a FigureRequest, this draws and writes it.
#pragma once

#include <string>

#include "viz/figures.hpp"

namespace ps::ui {

struct FigureRequest {
    enum class Kind { none, masks, field, skew };
    Kind kind = Kind::none;
    std::string why_none;  // for Kind::none: what to use instead, shown in the menu's tooltip
    // masks
    int kernel = 5;
    bool rgb = true;
    // field (options.gradient stays null: the export draws the analytic field)
    viz::FieldFigureOptions field;
    // skew (a lettered grid)
    int skew_size = 5, skew_step = 0;
    std::string note;  // said after "wrote ..." (e.g. what the CPU figure shows differently)
};

// The figure of `request` (throws std::invalid_argument on bad settings, as the renderers do).
viz::RgbaImage render_figure(const viz::Fonts& fonts, const FigureRequest& request);

// Loads the fonts, draws, writes `path` as PNG scaled by `scale` (1..4, pixel-exact nearest).
// Returns "" on success, else a message naming the path.
std::string export_figure(const FigureRequest& request, const std::string& path, int scale,
                          int* width = nullptr, int* height = nullptr);

}  // namespace ps::ui
