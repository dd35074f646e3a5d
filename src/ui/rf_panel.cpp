// Sections: 1. state and keys  2. draw (layout) and controls  3. the analytic field
//           4. the gradient task  5. the single view  6. the side column  7. compare mode
#include "ui/rf_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/theme.hpp"
#include "ui/widgets/explorer_draw.hpp"
#include "ui/widgets/value_slider.hpp"
#include "viz/colour.hpp"
#include "viz/figures.hpp"

namespace ps::ui {

namespace {

constexpr viz::Arch k_archs[] = {viz::Arch::MaskedStack, viz::Arch::PixelCnn, viz::Arch::RowLstm,
                                 viz::Arch::DiagBiLstm, viz::Arch::Gated};
constexpr viz::Arch k_compared[] = {viz::Arch::PixelCnn, viz::Arch::RowLstm, viz::Arch::DiagBiLstm,
                                    viz::Arch::Gated};
const ImVec4 k_good{0.10f, 0.55f, 0.20f, 1.f};

const char* arch_label(viz::Arch a) {
    return a == viz::Arch::MaskedStack ? "Masked stack (textbook)" : viz::arch_title(a);
}

bool same_spec(const viz::ArchSpec& a, const viz::ArchSpec& b) {
    return a.arch == b.arch && a.layers == b.layers && a.kernel == b.kernel &&
           a.input_kernel == b.input_kernel && a.channels == b.channels;
}

const char* class_name(viz::PixelClass k, bool out_of_reach) {
    switch (k) {
        case viz::PixelClass::Seen:
            return "seen";
        case viz::PixelClass::BlindSpot:
            return out_of_reach ? "not seen yet (out of reach at this depth)"
                                : "blind spot (never seen, at any depth)";
        case viz::PixelClass::Self:
            return "self: the pixel being predicted";
        case viz::PixelClass::Future:
            return "future (after p in raster order)";
    }
    return "";
}

std::string sci(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2e", double(v));
    return buf;
}

}  // namespace

// --- 1. state and keys --------------------------------------------------------------------------

bool RfPanel::Key::operator==(const Key& o) const {
    return same_spec(spec, o.spec) && size == o.size && row == o.row && col == o.col &&
           channel == o.channel && shown == o.shown;
}

RfPanel::RfPanel() {
    set_classic();
    for (viz::Arch a : k_compared) {
        auto v = std::make_unique<CompareView>();
        v->arch = a;
        m_compare_views.push_back(std::move(v));
    }
}

void RfPanel::set_classic() {
    const viz::FieldFigureOptions o = viz::classic_blind_spot_options();
    m_spec = o.spec;
    m_size = o.height;
    m_target = gl::Cell{o.row, o.col};
    m_channel = 0;
    m_shown = -1;
    m_letters = true;
    m_compare = false;
}

FigureRequest RfPanel::figure() const {
    FigureRequest r;
    r.kind = FigureRequest::Kind::field;
    viz::FieldFigureOptions& o = r.field;
    o.spec = m_spec;
    o.height = o.width = m_size;
    o.row = std::clamp(m_target.row, 0, m_size - 1);
    o.col = std::clamp(m_target.col, 0, m_size - 1);
    o.channel = m_spec.channels == 3 ? m_channel : 0;
    o.layers_shown = m_shown;
    if (m_spec.arch == viz::Arch::MaskedStack) o.title = viz::classic_blind_spot_options().title;
    if (m_compare)
        r.note = "one architecture (the single view's); compare mode has no CPU figure";
    else if (m_source == Source::gradient)
        r.note = "the analytic field (the gradient figure: pixelscope render rf --source gradient)";
    return r;
}

void RfPanel::apply_scene(const lessons::Scene& scene) {
    if (scene.has("arch")) {
        viz::Arch a;
        if (viz::parse_arch(scene.word("arch"), a) && a != m_spec.arch) {
            m_spec = viz::canonical_spec(a, m_spec.channels);
            if (a == viz::Arch::MaskedStack) m_spec.input_kernel = m_spec.kernel;
        }
    }
    if (scene.has("channels")) m_spec.channels = scene.integer("channels") == 3 ? 3 : 1;
    if (scene.has("layers")) m_spec.layers = std::clamp(int(scene.integer("layers")), 1, 8);
    auto odd = [](long k) { return int(std::clamp(k, 1L, 11L)) | 1; };
    if (scene.has("kernel")) {
        m_spec.kernel = odd(scene.integer("kernel"));
        if (m_spec.arch == viz::Arch::MaskedStack) m_spec.input_kernel = m_spec.kernel;
    }
    if (scene.has("input_kernel") && m_spec.arch != viz::Arch::MaskedStack)
        m_spec.input_kernel = odd(scene.integer("input_kernel"));
    m_shown = scene.has("layers_shown") ? int(scene.integer("layers_shown")) : -1;
    if (m_shown >= m_spec.layers) m_shown = -1;
    if (scene.has("size")) m_size = std::clamp(scene.height(m_size), 5, 32);
    if (scene.has("pixel")) {
        const lessons::Pixel p = scene.pixel("pixel");
        m_target = gl::Cell{p.row, p.col};
    }
    if (scene.has("channel")) {
        const std::string c = scene.word("channel");
        m_channel = c == "G" ? 1 : c == "B" ? 2 : 0;
    }
    if (scene.has("letters")) m_letters = scene.flag("letters");
    if (scene.has("source"))
        m_source = scene.word("source") == "gradient" ? Source::gradient : Source::analytic;
    if (scene.has("compare")) m_compare = scene.flag("compare");
    clamp_target();
}

RfPanel::Key RfPanel::key() const {
    Key k;
    k.spec = m_spec;
    k.size = m_size;
    k.row = m_target.row;
    k.col = m_target.col;
    k.channel = m_channel;
    k.shown = m_shown;
    return k;
}

void RfPanel::clamp_target() {
    m_target.row = std::clamp(m_target.row, 0, m_size - 1);
    m_target.col = std::clamp(m_target.col, 0, m_size - 1);
    m_channel = std::clamp(m_channel, 0, m_spec.channels - 1);
    if (m_shown > m_spec.layers) m_shown = -1;
}

// --- 2. draw and controls -----------------------------------------------------------------------

void RfPanel::draw(app::AppState& state) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float controls_w = std::round(17.f * ImGui::GetFontSize());
    ImGui::BeginChild("##rf_controls", ImVec2(controls_w, avail.y), true);
    draw_controls(state);
    ImGui::EndChild();
    clamp_target();
    update_analytic();
    update_gradient(state);
    if (m_hide != state.explorer.hide_field) {
        m_hide = state.explorer.hide_field;
        m_grid_dirty = true;
    }
    state.explorer.layers_shown = m_shown < 0 ? m_spec.layers : m_shown;

    ImGui::SameLine();
    ImGui::BeginChild("##rf_view", ImVec2(0, avail.y), false);
    if (m_compare)
        draw_compare(state, ImGui::GetContentRegionAvail());
    else
        draw_single(state, ImGui::GetContentRegionAvail());
    ImGui::EndChild();
}

void RfPanel::draw_controls(app::AppState& state) {
    heading(state.fonts, "Model");
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##arch", arch_label(m_spec.arch))) {
        for (viz::Arch a : k_archs) {
            ImGui::PushID(int(a));
            if (ImGui::Selectable(arch_label(a), a == m_spec.arch) && a != m_spec.arch) {
                m_spec = viz::canonical_spec(a, m_spec.channels);
                if (a == viz::Arch::MaskedStack) m_spec.input_kernel = m_spec.kernel;
                m_shown = -1;
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    const bool stack = m_spec.arch == viz::Arch::MaskedStack;
    ImGui::TextUnformatted(stack ? "Convolutions (mask A first)" : "Layers");
    ImGui::SetNextItemWidth(w);
    if (value_slider_int("##layers", &m_spec.layers, 1, 8)) m_shown = -1;

    const bool fixed_kernel =
        m_spec.arch == viz::Arch::RowLstm || m_spec.arch == viz::Arch::DiagBiLstm;
    ImGui::TextUnformatted(stack ? "Kernel (every convolution)" : "Kernel of the layers");
    ImGui::BeginDisabled(fixed_kernel);
    int kidx = m_spec.kernel / 2;
    const std::string kname =
        fixed_kernel ? std::string("fixed by the layer")
                     : std::to_string(m_spec.kernel) + " \u00d7 " + std::to_string(m_spec.kernel);
    ImGui::SetNextItemWidth(w);
    if (value_slider_int("##kernel", &kidx, 0, 5, kname.c_str())) {
        m_spec.kernel = 2 * kidx + 1;
        if (stack) m_spec.input_kernel = m_spec.kernel;
    }
    ImGui::EndDisabled();
    if (!stack) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        ImGui::Text("input layer %d\u00d7%d mask A", m_spec.input_kernel, m_spec.input_kernel);
        ImGui::PopStyleColor();
    }

    ImGui::TextUnformatted("Image size");
    ImGui::SetNextItemWidth(w);
    const std::string sname = std::to_string(m_size) + " \u00d7 " + std::to_string(m_size);
    value_slider_int("##size", &m_size, 5, 32, sname.c_str());

    ImGui::TextUnformatted("Channels");
    if (ImGui::RadioButton("1 (binary)", m_spec.channels == 1)) m_spec.channels = 1;
    ImGui::SameLine();
    if (ImGui::RadioButton("3 (RGB)", m_spec.channels == 3)) m_spec.channels = 3;
    if (m_spec.channels == 3) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Output");
        for (int ch = 0; ch < 3; ++ch) {
            ImGui::SameLine();
            ImGui::PushID(ch);
            if (ImGui::RadioButton(viz::channel_name(ch), m_channel == ch)) m_channel = ch;
            ImGui::PopID();
        }
    }

    ImGui::Separator();
    ImGui::TextUnformatted(stack ? "Convolutions shown" : "Layers shown (after the input layer)");
    int shown = m_shown < 0 ? m_spec.layers : m_shown;
    const std::string shown_name =
        shown == m_spec.layers ? std::to_string(shown) + " (all)" : std::to_string(shown);
    ImGui::SetNextItemWidth(w);
    if (value_slider_int("##shown", &shown, 0, m_spec.layers, shown_name.c_str()))
        m_shown = shown == m_spec.layers ? -1 : shown;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drag to grow the field layer by layer.");

    ImGui::Separator();
    heading(state.fonts, "Source");
    if (ImGui::RadioButton("Analytic (dependency sets)", m_source == Source::analytic))
        m_source = Source::analytic;
    std::string why;
    const bool supported = viz::gradient_supported(m_spec, why);
    ImGui::BeginDisabled(!supported);
    if (ImGui::RadioButton("Gradient (engine backward)", m_source == Source::gradient))
        m_source = Source::gradient;
    ImGui::EndDisabled();
    if (!supported) {
        m_source = Source::analytic;
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        ImGui::TextWrapped("%s", why.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Checkbox("Letters a..y (5x5)", &m_letters);
    ImGui::Checkbox("Compare the four architectures", &m_compare);

    ImGui::Separator();
    if (ImGui::Button("Classic blind spot: 5x5 a..y, q", ImVec2(w, 0))) set_classic();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Three stacked 3\u00d73 masked convolutions (mask A first) on a 5\u00d75 grid\n"
            "lettered a..y, pixel q selected: j, n and o are its blind spot.");
    ImGui::Spacing();
    muted_wrapped(state.explorer.picking
                      ? "A lesson is asking: click pixels to mark them (click again to unmark)."
                      : "Click a pixel to select it; hover for its class and gradient.");
}

// --- 3. the analytic field ----------------------------------------------------------------------

void RfPanel::update_analytic() {
    const Key k = key();
    if (m_have_analytic && k == m_analytic_key) return;
    m_analytic_key = k;
    m_have_analytic = true;
    m_field = viz::receptive_field(m_spec, m_size, m_size, k.row, k.col, k.channel, k.shown);
    m_why = viz::explain_unseen(m_spec, m_field);
    m_field_colours = viz::field_colours(m_field, &m_why);
    m_summary = viz::field_summary_text(m_field, m_why);
    m_reasons = viz::field_reason_texts(m_field, m_why);
    m_spec_text = viz::field_spec_text(m_spec, k.shown);
    m_disagree = -1;
    m_grid_dirty = true;
}

// --- 4. the gradient task -----------------------------------------------------------------------

void RfPanel::update_gradient(app::AppState& state) {
    using namespace std::chrono_literals;
    if (m_task.valid() && m_task.wait_for(0s) == std::future_status::ready) {
        m_gradient = m_task.get();
        m_have_gradient = true;
        if (m_gradient.ok) {
            m_gradient_pixels = m_gradient.field.per_pixel();
            m_scale = viz::fit_log_scale(m_gradient_pixels, 6);
            m_heat_colours.assign(m_gradient_pixels.size(), viz::palette().future);
            for (std::size_t i = 0; i < m_gradient_pixels.size(); ++i)
                m_heat_colours[i] = m_scale.colour(m_gradient_pixels[i], viz::palette().future);
            const int self = m_gradient.key.row * m_gradient.key.size + m_gradient.key.col;
            m_heat_colours[std::size_t(self)] = viz::palette().self;
        }
        m_grid_dirty = true;
    }
    const Key k = key();
    if (m_have_gradient && m_gradient.key == k && m_gradient.ok && m_disagree < 0)
        m_disagree =
            int(viz::diff_fields(m_field, viz::support_field(m_gradient.field, k.shown)).size());

    std::string why;
    const bool wanted =
        viz::gradient_supported(m_spec, why) && !(m_have_gradient && m_gradient.key == k);
    if (wanted && !m_task.valid()) {
        m_task_key = k;
        m_task = std::async(std::launch::async, [k]() {
            GradientResult r;
            r.key = k;
            const auto t0 = std::chrono::steady_clock::now();
            try {
                viz::GradientFieldRequest q;
                q.spec = k.spec;
                q.height = q.width = k.size;
                q.row = k.row;
                q.col = k.col;
                q.channel = k.channel;
                q.layers_shown = k.shown;
                q.samples = 4;
                r.field = viz::gradient_field(q);
                r.ok = true;
            } catch (const std::exception& e) {
                r.error = e.what();
            }
            r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                       .count();
            return r;
        });
    }
    if (m_task.valid()) state.keep_rendering = true;  // poll it next frame
}

// --- 5. the single view -------------------------------------------------------------------------

void RfPanel::rebuild_grid() {
    const bool gradient = !m_hide && m_source == Source::gradient && m_have_gradient &&
                          m_gradient.ok && m_gradient.key == m_analytic_key;
    if (!m_grid_dirty && gradient == m_grid_shows_gradient && m_grid.width() == m_size) return;
    m_grid_dirty = false;
    m_grid_shows_gradient = gradient;
    if (m_hide) {  // earlier pixels all alike: only the target (self) and the future stay
        m_hidden_colours = m_field_colours;
        for (int r = 0; r < m_size; ++r)
            for (int c = 0; c < m_size; ++c) {
                const viz::PixelClass k = m_field.at(r, c);
                if (k == viz::PixelClass::Seen || k == viz::PixelClass::BlindSpot)
                    m_hidden_colours[std::size_t(r * m_size + c)] = viz::Rgba{255, 255, 255, 255};
            }
    }
    const auto bytes = rgba_bytes(m_hide     ? m_hidden_colours
                                  : gradient ? m_heat_colours
                                             : m_field_colours);
    m_grid.set_image(m_size, m_size, bytes.data());
    m_grid.look().line_colour = ImVec4(0.6f, 0.6f, 0.6f, 1.f);
    m_grid.look().min_cell_px_for_lines = 8.f;
}

void RfPanel::tooltip(app::AppState& state, gl::Cell c) const {
    const int H = m_size, W = m_size;
    const std::string label = viz::pixel_label(c.row, c.col, H, W);
    ImGui::PushFont(state.fonts.bold);
    if (H * W <= 26)
        ImGui::Text("pixel %s  (row %d, col %d)", label.c_str(), c.row, c.col);
    else
        ImGui::Text("pixel row %d, col %d", c.row, c.col);
    ImGui::PopFont();
    bool reach = false;
    for (const auto& u : m_why)
        if (u.row == c.row && u.col == c.col) reach = u.layers_needed >= 0;
    const viz::PixelClass k = m_field.at(c.row, c.col);
    if (m_hide) return;  // a lesson's check is open: the class is the answer
    ImGui::Text("%s", class_name(k, reach));
    for (const auto& u : m_why)
        if (u.row == c.row && u.col == c.col) {
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.f);
            ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
            ImGui::TextWrapped("%s", u.text.c_str());
            ImGui::PopStyleColor();
            ImGui::PopTextWrapPos();
        }
    if (m_spec.channels == 3 && k != viz::PixelClass::Future) {
        std::string chans;
        for (int ch = 0; ch < 3; ++ch)
            if (m_field.seen(c.row, c.col, ch))
                chans += std::string(chans.empty() ? "" : ", ") + viz::channel_name(ch);
        ImGui::Text("input channels in the field: %s", chans.empty() ? "none" : chans.c_str());
    }
    if (m_have_gradient && m_gradient.ok && m_gradient.key == m_analytic_key) {
        const viz::GradientField& g = m_gradient.field;
        if (g.channels == 1) {
            ImGui::Text("gradient \u03a3|\u2202 logit_p / \u2202 x| = %s",
                        sci(g.at(c.row, c.col)).c_str());
        } else {
            ImGui::Text("gradient R %s  G %s  B %s", sci(g.at(c.row, c.col, 0)).c_str(),
                        sci(g.at(c.row, c.col, 1)).c_str(), sci(g.at(c.row, c.col, 2)).c_str());
        }
    }
}

void RfPanel::draw_single(app::AppState& state, ImVec2 avail) {
    const std::string pl = viz::pixel_label(m_target.row, m_target.col, m_size, m_size);
    // The classic example keeps the classic figure's title (as `pixelscope render blindspot`).
    const viz::FieldFigureOptions classic = viz::classic_blind_spot_options();
    const bool is_classic = same_spec(m_spec, classic.spec) && m_size == classic.height &&
                            m_target == gl::Cell{classic.row, classic.col} && m_shown < 0;
    const std::string title = is_classic
                                  ? classic.title
                                  : std::string(arch_label(m_spec.arch)) + ": what " +
                                        (m_size * m_size <= 26 ? pl : "pixel " + pl) + " sees";
    heading(state.fonts, title.c_str());
    muted_wrapped(
        (m_spec_text + "; image " + std::to_string(m_size) + "\u00d7" + std::to_string(m_size) +
         (m_spec.channels == 3 ? std::string(", output channel ") + viz::channel_name(m_channel)
                               : std::string()))
            .c_str());
    ImGui::Spacing();

    rebuild_grid();
    const float side_w = std::round(19.f * ImGui::GetFontSize());
    const float text_h = 7.f * ImGui::GetTextLineHeightWithSpacing();
    const float axis = 1.6f * ImGui::GetFontSize();
    const ImVec2 room(std::max(120.f, avail.x - side_w - axis - 24.f),
                      std::max(120.f, ImGui::GetContentRegionAvail().y - text_h - axis));
    const ImVec2 size = crisp_canvas_size(m_grid, room, 110.f);

    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, axis * 0.6f));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + axis);
    m_grid.look().selected = gl::Cell{};
    CanvasOptions options;
    options.select_on_click = false;
    options.tooltip_body = [&](gl::Cell c) { tooltip(state, c); };
    const CanvasFrame frame = pixel_canvas("##rf_canvas", m_grid, size, nullptr, options);
    if (frame.clicked && frame.hovered_cell.valid()) {
        if (state.explorer.picking) {  // a lesson's check: mark / unmark the pixel
            const lessons::Pixel p{frame.hovered_cell.row, frame.hovered_cell.col};
            auto& picked = state.explorer.picked;
            const auto at = std::find(picked.begin(), picked.end(), p);
            if (at == picked.end())
                picked.push_back(p);
            else
                picked.erase(at);
        } else {
            m_target = frame.hovered_cell;
        }
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const bool gradient = m_grid_shows_gradient;
    if (state.explorer.picking)
        for (const lessons::Pixel& p : state.explorer.picked)
            if (p.row < m_size && p.col < m_size)
                outline_cell(draw, frame, p.row, p.col, IM_COL32(0xf4, 0xa3, 0x00, 255),
                             std::max(3.f, frame.cell_px.x / 8.f));
    if (m_letters && m_size * m_size <= 26)
        cell_labels(draw, frame, m_size, m_size, viz::letter_labels(m_size, m_size),
                    m_hide     ? m_hidden_colours
                    : gradient ? m_heat_colours
                               : m_field_colours,
                    state.fonts.bold);
    canvas_axes(draw, frame, m_size, m_size);
    if (m_spec.channels == 3 && frame.cell_px.x >= 16.f) {
        // As in `render rf`: a white strip with one dot per input channel on p and on pixels seen
        // in part; filled when that channel is in the field (on p: G sees R, B sees R and G).
        const viz::Palette& pal = viz::palette();
        const float d = frame.cell_px.x / 9.f;
        for (int r = 0; r < m_size; ++r)
            for (int c = 0; c < m_size; ++c) {
                const std::uint8_t bits = m_field.seen_channels[std::size_t(r * m_size + c)];
                const bool target = r == m_field.row && c == m_field.col;
                if (!target && (bits == 0 || bits == 0b111)) continue;
                const ImVec2 lo = frame.cell_min(gl::Cell{r, c}),
                             hi = frame.cell_max(gl::Cell{r, c});
                const float in = target ? std::max(2.f, frame.cell_px.x / 14.f) : 1.f;
                draw->AddRectFilled(ImVec2(lo.x + in, hi.y - 2.6f * d - in),
                                    ImVec2(hi.x - in, hi.y - in), IM_COL32(255, 255, 255, 255));
                for (int ch = 0; ch < 3; ++ch) {
                    const ImVec2 at(lo.x + frame.cell_px.x * (0.27f + 0.23f * float(ch)),
                                    hi.y - 1.3f * d - in);
                    if (m_field.seen(r, c, ch)) {
                        draw->AddCircleFilled(at, d, im_colour(pal.channel[ch]), 16);
                    } else {
                        draw->AddCircle(at, d - 0.75f, IM_COL32(153, 153, 153, 255), 16, 1.5f);
                    }
                }
            }
    }
    outline_cell(draw, frame, m_analytic_key.row, m_analytic_key.col, IM_COL32(34, 34, 34, 255),
                 std::max(2.f, frame.cell_px.x / 14.f));
    ImGui::EndGroup();

    ImGui::SameLine(0, 24.f);
    ImGui::BeginGroup();
    draw_side(state, side_w);
    ImGui::EndGroup();

    // The sentences under the picture (the same as `pixelscope render rf`).
    ImGui::Spacing();
    if (m_hide) {
        muted_wrapped(
            "The field's colours and sentences are hidden until you answer the lesson's "
            "check.");
        return;
    }
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextWrapped("%s", m_summary.c_str());
    ImGui::PopFont();
    std::vector<std::string> blind;
    for (int r = 0; r < m_size; ++r)
        for (int c = 0; c < m_size; ++c)
            if (m_field.at(r, c) == viz::PixelClass::BlindSpot) {
                bool reach = false;
                for (const auto& u : m_why)
                    if (u.row == r && u.col == c) reach = u.layers_needed >= 0;
                if (!reach) blind.push_back(viz::pixel_label(r, c, m_size, m_size));
            }
    if (!blind.empty() && blind.size() <= 12) {
        std::string list;
        for (std::size_t i = 0; i < blind.size(); ++i) list += (i ? ", " : "") + blind[i];
        ImGui::TextColored(ImVec4(0.f, 0.45f, 0.52f, 1.f), "Blind spot: %s", list.c_str());
    }
    for (const std::string& r : m_reasons) ImGui::TextWrapped("%s", r.c_str());
}

// --- 6. the side column: legend, counts, agreement ----------------------------------------------

void RfPanel::draw_side(app::AppState& state, float width) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Legend");
    ImGui::PopFont();
    int reach = 0;
    for (const auto& u : m_why) reach += u.layers_needed >= 0 ? 1 : 0;
    const bool heat = m_grid_shows_gradient;
    for (const viz::LegendEntry& e : heat ? viz::gradient_legend() : viz::field_legend(reach > 0))
        legend({e});
    if (m_spec.channels == 3) {
        const viz::Palette& pal = viz::palette();
        legend({{pal.channel[0], "R"}, {pal.channel[1], "G"}, {pal.channel[2], "B"}});
        muted_wrapped(
            "Dots on p and on pixels seen in part: which input channels are in the "
            "field (hollow: not). A pixel counts as seen when any channel is.");
    }

    const bool gradient_now = m_have_gradient && m_gradient.ok && m_gradient.key == m_analytic_key;
    if (m_source == Source::gradient) {
        ImGui::Spacing();
        if (gradient_now) {
            ImGui::TextWrapped("%s", viz::gradient_scale_caption().c_str());
            log_colour_bar(m_scale, width - 8.f, nullptr);
        } else {
            muted_wrapped(
                "Computing the gradient on the engine\u2026 the analytic field is "
                "shown meanwhile.");
        }
    }

    ImGui::Spacing();
    if (!m_hide) ImGui::TextWrapped("%s", viz::field_counts_text(m_field, m_why).c_str());

    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Agree?  analytic vs gradient");
    ImGui::PopFont();
    std::string why;
    if (!viz::gradient_supported(m_spec, why)) {
        muted_wrapped(why.c_str());
    } else if (gradient_now && m_disagree >= 0) {
        ImGui::PushFont(state.fonts.heading);
        ImGui::TextColored(m_disagree == 0 ? k_good : colours::error, "%s",
                           m_disagree == 0 ? "yes" : "NO");
        ImGui::PopFont();
        ImGui::TextWrapped("%s", viz::agreement_text(m_gradient.field, m_disagree).c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        ImGui::Text("computed in %.0f ms on a worker thread", m_gradient.ms);
        ImGui::PopStyleColor();
    } else if (m_have_gradient && !m_gradient.ok && m_gradient.key == m_analytic_key) {
        ImGui::TextColored(colours::error, "%s", m_gradient.error.c_str());
    } else {
        muted_wrapped("computing the engine's gradient\u2026");
    }
    ImGui::PopTextWrapPos();
}

// --- 7. compare mode ----------------------------------------------------------------------------

void RfPanel::draw_compare(app::AppState& state, ImVec2 avail) {
    const std::string pl = viz::pixel_label(m_target.row, m_target.col, m_size, m_size);
    heading(state.fonts, ("Four architectures, the same pixel " + pl).c_str());
    muted_wrapped(
        "Canonical depths (PixelCNN 5 blocks, Row LSTM 2, Diagonal BiLSTM 2, Gated 5), "
        "each after a 7\u00d77 mask A input layer. Click any grid to move the pixel.");
    ImGui::Spacing();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float cell_w = std::floor((avail.x - gap) / 2);
    const float cell_h = std::floor((ImGui::GetContentRegionAvail().y - gap) / 2);
    const float text_h = 8.5f * ImGui::GetTextLineHeightWithSpacing();
    for (std::size_t i = 0; i < m_compare_views.size(); ++i) {
        CompareView& v = *m_compare_views[i];
        Key k = key();
        k.spec = viz::canonical_spec(v.arch, m_spec.channels);
        k.shown = -1;
        if (!v.built || v.key != k) {
            v.built = true;
            v.key = k;
            v.field = viz::receptive_field(k.spec, k.size, k.size, k.row, k.col, k.channel);
            const auto why = viz::explain_unseen(k.spec, v.field);
            v.colours = viz::field_colours(v.field, &why);
            v.summary = viz::field_summary_text(v.field, why);
            const auto reasons = viz::field_reason_texts(v.field, why);
            if (!reasons.empty()) v.summary += " " + reasons.front();
            const auto bytes = rgba_bytes(v.colours);
            v.grid.set_image(k.size, k.size, bytes.data());
            v.grid.look().line_colour = ImVec4(0.6f, 0.6f, 0.6f, 1.f);
        }
        if (i % 2 == 1) ImGui::SameLine(0, gap);
        ImGui::PushID(int(i));
        ImGui::BeginChild("##cmp", ImVec2(cell_w, cell_h), true);
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted(viz::arch_title(v.arch));
        ImGui::PopFont();
        const ImVec2 room = ImGui::GetContentRegionAvail();
        const ImVec2 size =
            crisp_canvas_size(v.grid, ImVec2(room.x, std::max(60.f, room.y - text_h)), 60.f);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::floor((room.x - size.x) / 2));
        CanvasOptions options;
        options.select_on_click = false;
        options.tooltip_body = [&](gl::Cell c) {
            ImGui::Text("row %d, col %d: %s", c.row, c.col,
                        class_name(v.field.at(c.row, c.col), false));
        };
        const CanvasFrame frame = pixel_canvas("##cmp_canvas", v.grid, size, nullptr, options);
        if (frame.clicked && frame.hovered_cell.valid()) m_target = frame.hovered_cell;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        if (m_letters && m_size * m_size <= 26)
            cell_labels(draw, frame, m_size, m_size, viz::letter_labels(m_size, m_size), v.colours,
                        state.fonts.bold);
        outline_cell(draw, frame, k.row, k.col, IM_COL32(34, 34, 34, 255),
                     std::max(2.f, frame.cell_px.x / 14.f));
        ImGui::TextWrapped("%s", v.summary.c_str());
        ImGui::EndChild();
        ImGui::PopID();
    }
}

}  // namespace ps::ui
