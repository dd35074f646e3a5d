// The ImGui side of the pixel-grid renderer: shows a gl::PixelGrid as an interactive canvas.
// Hover outlines the cell under the mouse and shows a tooltip (row, col, value); a click selects a
// cell (the selection lives in the panel's CanvasSelection). The returned CanvasFrame maps cells to
// screen rectangles, so a panel can draw labels, arrows or legends over the cells.
#pragma once

#include <imgui.h>

#include <functional>

#include "ui/gl/pixel_grid.hpp"

namespace ps::ui {

struct CanvasSelection {
    gl::Cell cell;  // invalid (-1, -1) until the user clicks
};

struct CanvasOptions {
    bool hover_outline = true;
    bool select_on_click = true;
    bool tooltip = true;
    // Replaces the default tooltip body ("row r, col c" and the value) when set; called inside
    // BeginTooltip / EndTooltip.
    std::function<void(gl::Cell)> tooltip_body;
};

struct CanvasFrame {
    ImVec2 min, max;  // screen rectangle of the grid
    ImVec2 cell_px;   // size of one cell on screen
    bool hovered = false;
    gl::Cell hovered_cell;  // valid while hovered
    bool clicked = false;   // a cell was clicked this frame (it is hovered_cell)

    ImVec2 cell_min(gl::Cell c) const {
        return ImVec2(min.x + cell_px.x * float(c.col), min.y + cell_px.y * float(c.row));
    }
    ImVec2 cell_max(gl::Cell c) const {
        return ImVec2(min.x + cell_px.x * float(c.col + 1), min.y + cell_px.y * float(c.row + 1));
    }
    ImVec2 cell_centre(gl::Cell c) const {
        return ImVec2(min.x + cell_px.x * (float(c.col) + 0.5f),
                      min.y + cell_px.y * (float(c.row) + 0.5f));
    }
};

// The largest size <= `available` at which every cell is a whole number of pixels (at least one),
// so cells stay crisp and equal. `max_cell_px` caps the cell size (0: no cap).
ImVec2 crisp_canvas_size(const gl::PixelGrid& grid, ImVec2 available, float max_cell_px = 0.f);

// Lays out the canvas at the cursor (size in screen units), handles hover / click, renders the
// grid at the framebuffer's resolution and draws it. `selection` may be null (no selection).
CanvasFrame pixel_canvas(const char* id, gl::PixelGrid& grid, ImVec2 size,
                         CanvasSelection* selection, const CanvasOptions& options = {});

// Text centred in a cell (the letters of the a..y grid, a value), drawn over the canvas. Pick the
// colour for contrast with the cell (viz::luminance helps).
void draw_cell_text(const CanvasFrame& frame, gl::Cell cell, const char* text, ImU32 colour);

// One legend entry at the cursor: a text-high swatch of `colour` with a thin border, then the
// label. Entries flow on one line with ImGui::SameLine() between them.
void legend_swatch(ImU32 colour, const char* label);

}  // namespace ps::ui
