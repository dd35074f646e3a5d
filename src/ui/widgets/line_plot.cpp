#include "ui/widgets/line_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "ui/theme.hpp"
#include "ui/widgets/plot_ticks.hpp"

namespace ps::ui {

void draw_line_plot(const char* id, const LinePlot& plot, ImVec2 size) {
    ImGui::PushID(id);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##plot", size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_Text, 0.55f);
    const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Border, 0.5f);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);

    // data range (references included, so the paper's number stays in view)
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const PlotSeries& s : plot.series)
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) continue;
            x0 = std::min(x0, s.x[i]), x1 = std::max(x1, s.x[i]);
            y0 = std::min(y0, s.y[i]), y1 = std::max(y1, s.y[i]);
        }
    const bool empty = !(x1 >= x0);
    for (const PlotReference& r : plot.references) y0 = std::min(y0, r.y), y1 = std::max(y1, r.y);
    if (empty) x0 = 0, x1 = 1;
    if (!(y1 >= y0)) y0 = 0, y1 = 1;
    const double pad = (y1 - y0) * 0.06;
    // axis_ticks widens a zero-height range (no data, one reference line) so labels differ
    const AxisTicks y_ticks = axis_ticks(y0 - pad, y1 + pad, 5, plot.y_decimals);
    const AxisTicks x_ticks = axis_ticks(x0, x1, 6, 0);
    y0 = y_ticks.lo, y1 = y_ticks.hi, x0 = x_ticks.lo, x1 = x_ticks.hi;

    // plot area: room for the y tick labels on the left, the x labels and axis title below
    const float left = 4.5f * font, bottom = 2.6f * font, top = 2.9f * font, right = 0.8f * font;
    const ImVec2 a(origin.x + left, origin.y + top);
    const ImVec2 b(origin.x + size.x - right, origin.y + size.y - bottom);
    if (b.x - a.x < 20 || b.y - a.y < 20) {
        ImGui::PopID();
        return;
    }
    auto sx = [&](double x) { return float(a.x + (x - x0) / (x1 - x0) * (b.x - a.x)); };
    auto sy = [&](double y) { return float(b.y - (y - y0) / (y1 - y0) * (b.y - a.y)); };

    draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
    for (std::size_t i = 0; i < y_ticks.values.size(); ++i) {
        const float y = sy(y_ticks.values[i]);
        draw->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid);
        const std::string& s = y_ticks.labels[i];
        const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
        draw->AddText(ImVec2(a.x - ts.x - 0.4f * font, y - ts.y * 0.5f), text, s.c_str());
    }
    for (std::size_t i = 0; i < x_ticks.values.size(); ++i) {
        const float x = sx(x_ticks.values[i]);
        draw->AddLine(ImVec2(x, b.y), ImVec2(x, b.y + 0.3f * font), axis);
        const std::string& s = x_ticks.labels[i];
        const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
        draw->AddText(ImVec2(x - ts.x * 0.5f, b.y + 0.35f * font), text, s.c_str());
    }
    draw->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), axis);
    draw->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), axis);
    {
        const ImVec2 ts = ImGui::CalcTextSize(plot.x_label.c_str());
        draw->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, b.y + 1.35f * font), axis,
                      plot.x_label.c_str());
        draw->AddText(ImVec2(origin.x, origin.y), axis, plot.y_label.c_str());
    }

    draw->PushClipRect(a, b, true);
    for (std::size_t k = 0; k < plot.references.size(); ++k) {
        const PlotReference& r = plot.references[k];
        const float y = sy(r.y);
        for (float x = a.x; x < b.x; x += 10.f)  // dashed
            draw->AddLine(ImVec2(x, y), ImVec2(std::min(b.x, x + 5.f), y), r.colour, 1.5f);
        const ImVec2 ts = ImGui::CalcTextSize(r.label.c_str());
        // alternate sides (and above / below) so close lines keep readable labels
        // (never left of the plot: a label wider than the plot starts at its left edge)
        const float tx = std::max(a.x + 6.f, k % 2 == 0 ? b.x - ts.x - 4.f : a.x + 6.f);
        const float ty = k % 2 == 0 ? y - ts.y - 1.f : y + 2.f;
        draw->AddText(ImVec2(tx, ty), r.colour, r.label.c_str());
    }
    std::vector<ImVec2> points;
    for (const PlotSeries& s : plot.series) {
        points.clear();
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            if (std::isfinite(s.y[i])) points.emplace_back(sx(s.x[i]), sy(s.y[i]));
        // a long log is thinned to about two points per pixel column
        if (points.size() > 2 * std::size_t(b.x - a.x)) {
            std::vector<ImVec2> thin;
            const std::size_t stride = points.size() / std::size_t(b.x - a.x) + 1;
            for (std::size_t i = 0; i < points.size(); i += stride) thin.push_back(points[i]);
            thin.push_back(points.back());
            points.swap(thin);
        }
        if (points.size() >= 2)
            draw->AddPolyline(points.data(), int(points.size()), s.colour, 0, 2.f);
        if (s.dots || points.size() == 1)
            for (const ImVec2& p : points) draw->AddCircleFilled(p, 3.5f, s.colour, 12);
    }
    draw->PopClipRect();

    // legend, top right
    float lx = b.x;
    for (auto it = plot.series.rbegin(); it != plot.series.rend(); ++it) {
        const ImVec2 ts = ImGui::CalcTextSize(it->label.c_str());
        lx -= ts.x + 2.2f * font;
        const float ly = origin.y + 1.3f * font;
        draw->AddRectFilled(ImVec2(lx, ly + ts.y * 0.35f),
                            ImVec2(lx + 1.2f * font, ly + ts.y * 0.65f), it->colour);
        draw->AddText(ImVec2(lx + 1.5f * font, ly), text, it->label.c_str());
    }
    draw->PopClipRect();

    // a reference line under the pointer (within a few pixels) shows its note
    const PlotReference* near_ref = nullptr;
    if (hovered)
        for (const PlotReference& r : plot.references)
            if (!r.note.empty() && std::abs(ImGui::GetIO().MousePos.y - sy(r.y)) <= 5.f)
                near_ref = &r;
    if (hovered && (!empty || near_ref)) {
        const double mx = x0 + (ImGui::GetIO().MousePos.x - a.x) / (b.x - a.x) * (x1 - x0);
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(28.f * font);
        if (!empty) ImGui::Text("%s %.0f", plot.x_label.c_str(), mx);
        for (const PlotSeries& s : plot.series) {
            double best = std::numeric_limits<double>::infinity(), v = 0;
            for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
                if (std::isfinite(s.y[i]) && std::abs(s.x[i] - mx) < best)
                    best = std::abs(s.x[i] - mx), v = s.y[i];
            if (std::isfinite(best))
                ImGui::Text("%s: %.*f", s.label.c_str(), plot.y_decimals + 2, v);
        }
        if (near_ref) {
            if (!empty) ImGui::Separator();
            ImGui::TextUnformatted(near_ref->label.c_str());
            ImGui::TextWrapped("%s", near_ref->note.c_str());
        }
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

}  // namespace ps::ui
