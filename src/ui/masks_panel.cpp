// Sections: 1. draw (layout)  2. one mask grid  3. the RGB connectivity diagram
#include "ui/masks_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ui/pixel_canvas.hpp"
#include "ui/theme.hpp"
#include "ui/widgets/explorer_draw.hpp"
#include "ui/widgets/value_slider.hpp"
#include "viz/colour.hpp"
#include "viz/figures.hpp"

namespace ps::ui {

void MasksPanel::set_kernel(int k) {
    k = std::clamp(k, 1, 11);
    m_kernel = k % 2 == 0 ? k + 1 : k;
}

FigureRequest MasksPanel::figure() const {
    FigureRequest r;
    r.kind = FigureRequest::Kind::masks;
    r.kernel = m_kernel;
    r.rgb = m_rgb;
    if (m_only >= 0) r.note = "the figure shows mask A and mask B side by side";
    return r;
}

void MasksPanel::apply_scene(const lessons::Scene& scene) {
    if (scene.has("kernel")) set_kernel(int(scene.integer("kernel")));
    if (scene.has("mask")) {
        const std::string m = scene.word("mask");
        m_only = m == "A" ? 0 : m == "B" ? 1 : -1;
    }
    if (scene.has("channels")) m_rgb = scene.integer("channels") == 3;
}

// --- 1. draw ------------------------------------------------------------------------------------

void MasksPanel::draw(app::AppState& state) {
    const std::string title = "Masked convolution, " + std::to_string(m_kernel) + "\u00d7" +
                              std::to_string(m_kernel) + " kernel";
    heading(state.fonts, title.c_str());
    muted_wrapped(viz::masks_intro_text().c_str());
    ImGui::Spacing();

    // Kernel size: a slider over the odd sizes 1, 3, ..., 11.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Kernel size");
    ImGui::SameLine();
    int index = m_kernel / 2;
    const std::string shown = std::to_string(m_kernel) + " \u00d7 " + std::to_string(m_kernel);
    ImGui::SetNextItemWidth(14.f * ImGui::GetFontSize());
    if (value_slider_int("##kernel", &index, 0, 5, shown.c_str())) set_kernel(2 * index + 1);
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextUnformatted("odd: the centre tap is the pixel predicted");
    ImGui::PopStyleColor();
    same_line_if_fits(toggle_width("RGB channel groups"), 2.f * ImGui::GetFontSize());
    ImGui::Checkbox("RGB channel groups", &m_rgb);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(9.f * ImGui::GetFontSize());
    const char* shows[] = {"both masks", "mask A only", "mask B only"};
    int show = m_only + 1;
    if (ImGui::Combo("##show", &show, shows, 3)) m_only = show - 1;
    ImGui::Spacing();

    state.explorer.kernel = m_kernel;
    state.explorer.mask = m_only == 0 ? "A" : m_only == 1 ? "B" : "both";

    if (m_built != m_kernel) {  // compute, then draw: the grids change only with the kernel
        m_built = m_kernel;
        for (int m = 0; m < 2; ++m) {
            const viz::MaskGrid g = viz::make_mask_grid(
                m_kernel, m_kernel, m == 0 ? viz::MaskType::A : viz::MaskType::B);
            const auto bytes = rgba_bytes(viz::mask_colours(g));
            m_grids[m].set_image(g.k_w, g.k_h, bytes.data());
            m_grids[m].look().grid_lines = true;
            m_grids[m].look().min_cell_px_for_lines = 4.f;
            m_grids[m].look().line_colour = ImVec4(0.6f, 0.6f, 0.6f, 1.f);
        }
    }

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float legend_h = 1.8f * ImGui::GetFrameHeightWithSpacing();
    const float col_w = std::floor((avail.x - ImGui::GetStyle().ItemSpacing.x) / 2);
    for (int m = 0; m < 2; ++m) {
        if (m_only >= 0 && m != m_only) continue;
        if (m == 1 && m_only < 0) ImGui::SameLine();
        ImGui::PushID(m);
        ImGui::BeginChild(
            "##mask_column",
            ImVec2(m_only >= 0 ? avail.x : col_w, std::max(200.f, avail.y - legend_h)), true);
        draw_mask(state, m, ImGui::GetContentRegionAvail().x);
        ImGui::EndChild();
        ImGui::PopID();
    }

    ImGui::Spacing();
    std::vector<viz::LegendEntry> entries = viz::mask_legend();
    const viz::Palette& p = viz::palette();
    if (m_rgb) {
        entries.push_back({p.channel[0], "R group"});
        entries.push_back({p.channel[1], "G group"});
        entries.push_back({p.channel[2], "B group"});
    }
    legend(entries);
}

// --- 2. one mask grid ---------------------------------------------------------------------------

void MasksPanel::draw_mask(app::AppState& state, int which, float width) {
    const viz::MaskType type = which == 0 ? viz::MaskType::A : viz::MaskType::B;
    const viz::MaskGrid g = viz::make_mask_grid(m_kernel, m_kernel, type);
    const std::string name =
        std::string("Mask ") + viz::mask_type_name(type) +
        (type == viz::MaskType::A ? "  (first layer)" : "  (every later layer)");
    heading(state.fonts, name.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::Text("%d of %d taps kept", g.kept_count(), g.k_h * g.k_w);
    ImGui::PopStyleColor();

    // The grid: what the text below leaves, at most ~40% of the window height, cells <= 56 px.
    // What goes under the grid: the sentence, and the RGB heading, diagram and sentence.
    const float below = (m_rgb ? 12.5f : 4.f) * ImGui::GetTextLineHeightWithSpacing();
    const float side = std::max(60.f, std::min({width, 0.42f * ImGui::GetMainViewport()->Size.y,
                                                ImGui::GetContentRegionAvail().y - below}));
    const ImVec2 size = crisp_canvas_size(m_grids[which], ImVec2(side, side), 56.f);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::floor((width - size.x) / 2));
    CanvasOptions options;
    options.select_on_click = false;
    options.tooltip_body = [&](gl::Cell c) {
        const int dr = c.row - g.centre_row(), dc = c.col - g.centre_col();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted(g.at(c.row, c.col) ? "kept" : "dropped (weight fixed at 0)");
        ImGui::PopFont();
        ImGui::Text("tap (%+d, %+d) from the centre", dr, dc);
        if (dr == 0 && dc == 0)
            ImGui::TextUnformatted(type == viz::MaskType::A
                                       ? "the pixel itself: mask A may not read it"
                                       : "the pixel itself: mask B reads the layer below's "
                                         "features here, which never saw the pixel");
        else if (dr < 0 || (dr == 0 && dc < 0))
            ImGui::TextUnformatted("before the centre in raster order: allowed");
        else
            ImGui::TextUnformatted("after the centre in raster order: the future");
    };
    const CanvasFrame frame = pixel_canvas("##mask", m_grids[which], size, nullptr, options);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float t = std::max(3.f, frame.cell_px.x / 9.f);
    outline_cell(draw, frame, g.centre_row(), g.centre_col(), im_colour(viz::palette().centre), t);
    if (frame.cell_px.x >= 28.f) {  // mark the centre so it reads without colour, too
        const ImVec2 c = frame.cell_centre(gl::Cell{g.centre_row(), g.centre_col()});
        const char* mark = type == viz::MaskType::A ? "A" : "B";
        const ImU32 ink = g.at(g.centre_row(), g.centre_col()) ? IM_COL32(255, 255, 255, 255)
                                                               : IM_COL32(26, 26, 26, 255);
        ImFont* f = state.fonts.bold ? state.fonts.bold : ImGui::GetFont();
        const float px = std::min(frame.cell_px.y * 0.5f, 2.f * ImGui::GetFontSize());
        const ImVec2 ts = f->CalcTextSizeA(px, 1e9f, 0.f, mark);
        draw->AddText(f, px, ImVec2(c.x - ts.x / 2, c.y - ts.y / 2), ink, mark);
    }
    ImGui::Spacing();
    ImGui::TextWrapped("%s", viz::mask_why_text(type).c_str());
    if (!m_rgb) return;
    ImGui::Separator();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("RGB: channel groups at the centre tap");
    ImGui::PopFont();
    draw_rgb(viz::make_rgb_connectivity(type), width);
    ImGui::TextWrapped("%s", viz::rgb_why_text(type).c_str());
}

// --- 3. the RGB connectivity diagram ------------------------------------------------------------
// Three input groups on the left, three output groups on the right, an arrow per allowed
// connection (the same picture as render_masks_figure).

void MasksPanel::draw_rgb(const viz::RgbConnectivity& rc, float width) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const viz::Palette& p = viz::palette();
    const float line = ImGui::GetTextLineHeight();
    const float r = std::round(0.9f * line), spacing = std::round(2.7f * line);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float xl = origin.x + width * 0.25f, xr = origin.x + width * 0.75f;
    const float top = origin.y + line + 8.f + r;
    const ImU32 muted = to_u32(colours::text_muted);
    const char* in_label = "input groups";
    const char* out_label = "output groups";
    draw->AddText(ImVec2(xl - ImGui::CalcTextSize(in_label).x / 2, origin.y), muted, in_label);
    draw->AddText(ImVec2(xr - ImGui::CalcTextSize(out_label).x / 2, origin.y), muted, out_label);
    for (int o = 0; o < 3; ++o)
        for (int i = 0; i < 3; ++i) {
            if (!rc.allowed[std::size_t(o)][std::size_t(i)]) continue;
            const ImVec2 a(xl, top + float(i) * spacing), b(xr, top + float(o) * spacing);
            const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
            arrow(draw, ImVec2(a.x + dx / len * (r + 3), a.y + dy / len * (r + 3)),
                  ImVec2(b.x - dx / len * (r + 4), b.y - dy / len * (r + 4)),
                  IM_COL32(51, 51, 51, 255), 2.5f, 13.f);
        }
    for (int k = 0; k < 3; ++k)
        for (float x : {xl, xr}) {
            const ImVec2 c(x, top + float(k) * spacing);
            draw->AddCircleFilled(c, r, im_colour(p.channel[k]), 32);
            const char* name = viz::channel_name(k);
            const ImVec2 ts = ImGui::CalcTextSize(name);
            draw->AddText(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2), IM_COL32(255, 255, 255, 255),
                          name);
        }
    if (rc.arrow_count() == 0) {
        const char* none = "no arrows";
        draw->AddText(ImVec2((xl + xr) / 2 - ImGui::CalcTextSize(none).x / 2, top + spacing), muted,
                      none);
    }
    ImGui::Dummy(ImVec2(width, top - origin.y + 2 * spacing + r + 6.f));
}

}  // namespace ps::ui
