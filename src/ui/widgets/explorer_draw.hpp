// Drawing helpers the explorer panels (Masks, Receptive field, Skew) share: viz colours as ImGui
// colours, legends of swatches, arrows, labels centred in canvas cells, a log-scale colour bar.
// They draw what src/viz computed; nothing here decides what a picture means.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ui/pixel_canvas.hpp"
#include "viz/colour.hpp"

namespace ps::ui {

inline ImU32 im_colour(viz::Rgba c, float alpha = 1.f) {
    return IM_COL32(c.r, c.g, c.b, int(float(c.a) * alpha));
}
// (H * W) colours -> (H, W, 4) bytes for PixelGrid::set_image.
std::vector<std::uint8_t> rgba_bytes(const std::vector<viz::Rgba>& colours);

// Swatches with labels flowing left to right, wrapping at the window's edge (ImGui layout).
void legend(const std::vector<viz::LegendEntry>& entries);

// A straight arrow from `a` to `b` (the head at b).
void arrow(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float head);

// Labels centred in the cells of a canvas (empty strings skipped), dark or white by the cell's
// fill so they read on any colour. `fills` are the cells' colours, row-major.
void cell_labels(ImDrawList* draw, const CanvasFrame& frame, int rows, int cols,
                 const std::vector<std::string>& labels, const std::vector<viz::Rgba>& fills,
                 ImFont* font);

// A thick outline around one cell of a canvas.
void outline_cell(ImDrawList* draw, const CanvasFrame& frame, int row, int col, ImU32 colour,
                  float thickness);

// The log-scale colour bar of viz::LogScale (left = lo, right = hi) with its power-of-ten ticks,
// `width` wide, at the cursor.
void log_colour_bar(const viz::LogScale& scale, float width, const char* caption);

// Row indices down the left and column indices along the top of a canvas, when cells are big
// enough to hold them (drawn outside the grid, in the muted colour).
void canvas_axes(ImDrawList* draw, const CanvasFrame& frame, int rows, int cols);

}  // namespace ps::ui
