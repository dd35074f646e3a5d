#include "ui/pixel_canvas.hpp"

#include <algorithm>
#include <cmath>

namespace ps::ui {

ImVec2 crisp_canvas_size(const gl::PixelGrid& grid, ImVec2 available, float max_cell_px) {
    if (grid.empty()) return ImVec2(0, 0);
    float cell =
        std::floor(std::min(available.x / float(grid.width()), available.y / float(grid.height())));
    if (max_cell_px > 0.f) cell = std::min(cell, max_cell_px);
    cell = std::max(cell, 1.f);
    return ImVec2(cell * float(grid.width()), cell * float(grid.height()));
}

CanvasFrame pixel_canvas(const char* id, gl::PixelGrid& grid, ImVec2 size,
                         CanvasSelection* selection, const CanvasOptions& options) {
    CanvasFrame frame;
    frame.min = ImGui::GetCursorScreenPos();
    size.x = std::max(size.x, 1.f);
    size.y = std::max(size.y, 1.f);
    frame.max = ImVec2(frame.min.x + size.x, frame.min.y + size.y);
    ImGui::InvisibleButton(id, size);
    if (grid.empty()) return frame;
    frame.cell_px = ImVec2(size.x / float(grid.width()), size.y / float(grid.height()));

    // Input: which cell is under the mouse, and was it clicked.
    if (ImGui::IsItemHovered()) {
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        const int col = int(std::floor((mouse.x - frame.min.x) / frame.cell_px.x));
        const int row = int(std::floor((mouse.y - frame.min.y) / frame.cell_px.y));
        if (row >= 0 && col >= 0 && row < grid.height() && col < grid.width()) {
            frame.hovered = true;
            frame.hovered_cell = {row, col};
            frame.clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
        }
    }
    if (frame.clicked && selection && options.select_on_click) selection->cell = frame.hovered_cell;

    // Render: outlines follow this frame's hover and selection.
    gl::GridLook& look = grid.look();
    look.hovered = options.hover_outline && frame.hovered ? frame.hovered_cell : gl::Cell{};
    look.selected = selection ? selection->cell : gl::Cell{};
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    const ImTextureID texture =
        grid.render(int(std::lround(size.x * scale.x)), int(std::lround(size.y * scale.y)));
    ImGui::GetWindowDrawList()->AddImage(texture, frame.min, frame.max, ImVec2(0, 1), ImVec2(1, 0));

    if (frame.hovered && options.tooltip) {
        ImGui::BeginTooltip();
        if (options.tooltip_body) {
            options.tooltip_body(frame.hovered_cell);
        } else {
            const gl::Cell c = frame.hovered_cell;
            ImGui::Text("row %d, col %d", c.row, c.col);
            if (grid.value_mode()) {
                ImGui::Text("value %d", grid.value(c.row, c.col));
            } else {
                const auto v = grid.rgba(c.row, c.col);
                ImGui::Text("R %d  G %d  B %d", v[0], v[1], v[2]);
            }
        }
        ImGui::EndTooltip();
    }
    return frame;
}

void draw_cell_text(const CanvasFrame& frame, gl::Cell cell, const char* text, ImU32 colour) {
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 centre = frame.cell_centre(cell);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(frame.min, frame.max, true);
    draw->AddText(ImVec2(std::floor(centre.x - size.x / 2), std::floor(centre.y - size.y / 2)),
                  colour, text);
    draw->PopClipRect();
}

void legend_swatch(ImU32 colour, const char* label) {
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(p, ImVec2(p.x + h, p.y + h), colour, 2.f);
    draw->AddRect(p, ImVec2(p.x + h, p.y + h), ImGui::GetColorU32(ImGuiCol_Border), 2.f);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::TextUnformatted(label);
}

}  // namespace ps::ui
