#include "ui/widgets/explorer_draw.hpp"

#include <algorithm>
#include <cmath>

#include "ui/theme.hpp"

namespace ps::ui {

std::vector<std::uint8_t> rgba_bytes(const std::vector<viz::Rgba>& colours) {
    std::vector<std::uint8_t> out(colours.size() * 4);
    for (std::size_t i = 0; i < colours.size(); ++i) {
        out[4 * i + 0] = colours[i].r;
        out[4 * i + 1] = colours[i].g;
        out[4 * i + 2] = colours[i].b;
        out[4 * i + 3] = colours[i].a;
    }
    return out;
}

void legend(const std::vector<viz::LegendEntry>& entries) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float sw = ImGui::GetTextLineHeight();
    const float gap = ImGui::GetStyle().ItemInnerSpacing.x;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const viz::LegendEntry& e = entries[i];
        const float w = sw + gap + ImGui::CalcTextSize(e.label.c_str()).x;
        if (i > 0) same_line_if_fits(w, 2.f * sw);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        draw->AddRectFilled(p, ImVec2(p.x + sw, p.y + sw), im_colour(e.colour));
        draw->AddRect(p, ImVec2(p.x + sw, p.y + sw), IM_COL32(85, 85, 85, 255));
        ImGui::Dummy(ImVec2(sw, sw));
        ImGui::SameLine(0, gap);
        ImGui::TextUnformatted(e.label.c_str());
    }
}

void arrow(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float head) {
    const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
    if (len < 1.f) return;
    const float ux = dx / len, uy = dy / len;
    const ImVec2 base(b.x - ux * head, b.y - uy * head);
    draw->AddLine(a, base, colour, thickness);
    const float half = head * 0.5f;
    draw->AddTriangleFilled(b, ImVec2(base.x - uy * half, base.y + ux * half),
                            ImVec2(base.x + uy * half, base.y - ux * half), colour);
}

void cell_labels(ImDrawList* draw, const CanvasFrame& frame, int rows, int cols,
                 const std::vector<std::string>& labels, const std::vector<viz::Rgba>& fills,
                 ImFont* font) {
    if (labels.empty()) return;
    ImFont* f = font ? font : ImGui::GetFont();
    // Letters about half a cell tall, never larger than 2.2x the text size.
    const float px = std::min(frame.cell_px.y * 0.5f, 2.2f * ImGui::GetFontSize());
    if (px < 9.f) return;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const std::string& s = labels[std::size_t(r * cols + c)];
            if (s.empty()) continue;
            const viz::Rgba fill = fills[std::size_t(r * cols + c)];
            const ImU32 ink = viz::luminance(fill) < 0.3f ? IM_COL32(255, 255, 255, 255)
                                                          : IM_COL32(26, 26, 26, 255);
            const ImVec2 size = f->CalcTextSizeA(px, 1e9f, 0.f, s.c_str());
            const ImVec2 centre = frame.cell_centre(gl::Cell{r, c});
            draw->AddText(
                f, px, ImVec2(std::floor(centre.x - size.x / 2), std::floor(centre.y - size.y / 2)),
                ink, s.c_str());
        }
}

void outline_cell(ImDrawList* draw, const CanvasFrame& frame, int row, int col, ImU32 colour,
                  float thickness) {
    const ImVec2 a = frame.cell_min(gl::Cell{row, col}), b = frame.cell_max(gl::Cell{row, col});
    const float h = thickness / 2;
    draw->AddRect(ImVec2(a.x + h, a.y + h), ImVec2(b.x - h, b.y - h), colour, 0.f, 0, thickness);
}

void log_colour_bar(const viz::LogScale& scale, float width, const char* caption) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    if (caption) ImGui::TextUnformatted(caption);
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const int steps = 48;
    for (int i = 0; i < steps; ++i) {
        const float x0 = p.x + width * float(i) / steps, x1 = p.x + width * float(i + 1) / steps;
        draw->AddRectFilled(ImVec2(x0, p.y), ImVec2(x1 + 0.5f, p.y + h),
                            im_colour(viz::colour_map((float(i) + 0.5f) / steps)));
    }
    draw->AddRect(p, ImVec2(p.x + width, p.y + h), IM_COL32(85, 85, 85, 255));
    const ImU32 muted = to_u32(colours::text_muted);
    float last_right = -1e9f;
    for (const viz::LegendTick& t : scale.ticks()) {
        const float x = p.x + t.t * width;
        draw->AddLine(ImVec2(x, p.y + h), ImVec2(x, p.y + h + 4), muted);
        const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
        const float left = std::clamp(x - size.x / 2, p.x - 4, p.x + width - size.x + 4);
        if (left < last_right + 6) continue;  // ticks too dense: skip a label, keep the mark
        draw->AddText(ImVec2(left, p.y + h + 5), muted, t.label.c_str());
        last_right = left + size.x;
    }
    ImGui::Dummy(ImVec2(width, h + 6 + ImGui::GetTextLineHeight()));
}

void canvas_axes(ImDrawList* draw, const CanvasFrame& frame, int rows, int cols) {
    const float font = ImGui::GetFontSize() * 0.8f;
    if (frame.cell_px.x < font * 1.1f) return;
    const int every = frame.cell_px.x >= font * 1.8f ? 1 : 2;
    const ImU32 muted = to_u32(colours::text_muted);
    ImFont* f = ImGui::GetFont();
    for (int c = 0; c < cols; c += every) {
        const std::string s = std::to_string(c);
        const ImVec2 size = f->CalcTextSizeA(font, 1e9f, 0.f, s.c_str());
        const ImVec2 centre = frame.cell_centre(gl::Cell{0, c});
        draw->AddText(f, font, ImVec2(centre.x - size.x / 2, frame.min.y - size.y - 2), muted,
                      s.c_str());
    }
    for (int r = 0; r < rows; r += every) {
        const std::string s = std::to_string(r);
        const ImVec2 size = f->CalcTextSizeA(font, 1e9f, 0.f, s.c_str());
        const ImVec2 centre = frame.cell_centre(gl::Cell{r, 0});
        draw->AddText(f, font, ImVec2(frame.min.x - size.x - 5, centre.y - size.y / 2), muted,
                      s.c_str());
    }
}

}  // namespace ps::ui
