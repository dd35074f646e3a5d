// Sections: 1. draw (layout)  2. controls, keys and the clock  3. the scene's colours
#include "ui/skew_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ui/theme.hpp"
#include "ui/widgets/explorer_draw.hpp"
#include "ui/widgets/value_slider.hpp"
#include "viz/figures.hpp"

namespace ps::ui {

namespace {
const viz::Rgba k_ink = viz::rgb(0x1a1a1a);
const ImU32 k_tap_colour = IM_COL32(0x7b, 0x1f, 0xa2, 255);     // as render_skew_figure
const ImU32 k_column_colour = IM_COL32(0xb3, 0x6b, 0x00, 255);  // the column being computed

void tap_arrows(ImDrawList* draw, const CanvasFrame& frame,
                const std::vector<viz::SceneArrow>& arrows) {
    const float inset = frame.cell_px.x * 0.28f;
    const float thick = std::max(1.5f, frame.cell_px.x / 22.f);
    const float head = std::max(7.f, frame.cell_px.x / 4.5f);
    for (const viz::SceneArrow& a : arrows) {
        const ImVec2 p0 = frame.cell_centre(gl::Cell{a.from.row, a.from.col});
        const ImVec2 p1 = frame.cell_centre(gl::Cell{a.to.row, a.to.col});
        const float dx = p1.x - p0.x, dy = p1.y - p0.y, len = std::sqrt(dx * dx + dy * dy);
        if (len < 1.f) continue;
        arrow(draw, ImVec2(p0.x + dx / len * inset, p0.y + dy / len * inset),
              ImVec2(p1.x - dx / len * inset, p1.y - dy / len * inset), k_tap_colour, thick, head);
    }
}
}  // namespace

FigureRequest SkewPanel::figure() const {
    FigureRequest r;
    r.kind = FigureRequest::Kind::skew;
    // the CPU figure draws a lettered grid: a digit's view exports the letters at 5x5
    r.skew_size = m_source == Source::letters ? m_size : 5;
    const int steps = viz::diagonal_steps(r.skew_size, r.skew_size);
    // the Row LSTM mode steps rows; the figure's Row LSTM part shows row min(t, H-1)
    r.skew_step = m_step < 0 ? steps / 2 : std::clamp(m_step, 0, steps - 1);
    if (m_source == Source::digit) r.note = "a 5x5 lettered grid (the CPU figure has no digit)";
    return r;
}

void SkewPanel::apply_scene(const lessons::Scene& scene) {
    if (scene.has("skew_mode"))
        m_mode = scene.word("skew_mode") == "row" ? viz::SkewMode::Row : viz::SkewMode::Diagonal;
    if (scene.has("size")) {
        m_source = Source::letters;
        m_size = std::clamp(scene.height(m_size), 2, 16);
    }
    m_step = scene.has("step") ? int(scene.integer("step")) : 0;  // clamped when drawn
    if (scene.has("speed")) m_speed = std::clamp(float(scene.number("speed")), 0.25f, 8.f);
    m_playing = scene.flag("play", false);
    m_accum = 0.f;
}

// --- 1. draw ------------------------------------------------------------------------------------

void SkewPanel::draw(app::AppState& state) {
    const bool digit =
        m_source == Source::digit && state.data.dataset && !state.data.dataset->test.empty();
    const int H = digit ? state.data.dataset->images.rows : m_size;
    const int W = digit ? state.data.dataset->images.cols : m_size;
    const int steps = m_mode == viz::SkewMode::Diagonal ? viz::diagonal_steps(H, W) : H;
    if (m_step < 0) m_step = steps / 2;  // open on a middle step: a full diagonal, both taps
    m_step = std::clamp(m_step, 0, steps - 1);

    const bool diagonal = m_mode == viz::SkewMode::Diagonal;
    heading(state.fonts, diagonal ? "The skew trick: Diagonal BiLSTM" : "For contrast: Row LSTM");
    muted_wrapped(diagonal ? viz::skew_intro_text().c_str()
                           : "Row LSTM needs no skew: step t computes the whole row t at once, "
                             "each pixel reading three pixels of the row above.");
    ImGui::Spacing();
    handle_keys(state, steps);
    draw_controls(state, steps);
    advance(state, steps);
    rebuild(state, H, W);
    state.explorer.skew_step = m_step;
    ImGui::Spacing();

    // Three grids with one cell size: input | skewed H x S (or the rows) | unskewed result.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const int S = viz::skewed_width(H, W);
    const float gap = 3.f * ImGui::GetFontSize();
    const int total_cols = diagonal ? W + S + W : W + W;
    const float text_h = 7.f * ImGui::GetTextLineHeightWithSpacing();
    float cell = std::floor(std::min((avail.x - 2 * gap - 8.f) / float(total_cols),
                                     (avail.y - text_h - 2.f * ImGui::GetFontSize()) / float(H)));
    cell = std::clamp(cell, 4.f, 72.f);

    ImDrawList* draw = ImGui::GetWindowDrawList();
    // A tall column (a 28-row digit) gets the taps of every few pixels only, so arrows stay
    // readable: about eight pixels' worth.
    const int tap_stride = std::max(1, (H + 7) / 8);
    CanvasOptions options;
    options.select_on_click = false;
    auto pixel_tip = [&](int source) {
        if (source < 0) {
            ImGui::TextUnformatted("padding (zero state)");
            return;
        }
        const auto letters = viz::letter_labels(H, W);
        if (H * W <= 26)
            ImGui::Text("pixel %s (row %d, col %d)", letters[std::size_t(source)].c_str(),
                        source / W, source % W);
        else
            ImGui::Text("pixel row %d, col %d", source / W, source % W);
        if (diagonal && !state.explorer.hide_field) {  // a lesson asks where it lands
            const viz::Cell s = viz::skew_position(source / W, source % W);
            ImGui::Text("skewed to (%d, %d): computed at step %d", s.row, s.col, s.col);
        } else {
            ImGui::Text("computed at step %d (its row)", source / W);
        }
    };

    // (a) the input image
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::Text("Image %d\u00d7%d", H, W);
    ImGui::PopFont();
    options.tooltip_body = [&](gl::Cell c) { pixel_tip(c.row * W + c.col); };
    const CanvasFrame f_in =
        pixel_canvas("##skew_input", m_input_grid, ImVec2(cell * W, cell * H), nullptr, options);
    if (H * W <= 26)
        cell_labels(draw, f_in, H, W, viz::letter_labels(H, W), m_input_colours, state.fonts.bold);
    if (diagonal) {
        // The same two taps in image coordinates: above and left.
        std::vector<viz::SceneArrow> taps;
        for (const viz::Cell& px : viz::pixels_at_step(H, W, m_step))
            if (px.row % tap_stride == 0)
                for (const viz::StateTap& t : viz::diagonal_state_taps(H, W, px.row, px.col))
                    if (t.valid) taps.push_back({t.pixel, px});
        tap_arrows(draw, f_in, taps);
    }
    ImGui::EndGroup();

    if (diagonal) {
        // (b) the skewed map with the column of step t
        ImGui::SameLine(0, gap);
        const ImVec2 arrow_at = ImGui::GetCursorScreenPos();
        arrow(draw,
              ImVec2(arrow_at.x - gap + 6,
                     arrow_at.y + ImGui::GetTextLineHeightWithSpacing() + cell * H / 2),
              ImVec2(arrow_at.x - 6,
                     arrow_at.y + ImGui::GetTextLineHeightWithSpacing() + cell * H / 2),
              IM_COL32(85, 85, 85, 255), 2.5f, 11.f);
        ImGui::BeginGroup();
        ImGui::PushFont(state.fonts.bold);
        ImGui::Text("Skewed %d\u00d7%d  (column t = %d computed now)", H, S, m_step);
        ImGui::PopFont();
        // While a lesson asks where a pixel lands, the skewed cells carry no letters and their
        // tooltips no pixel names: the learner works it out from the shift.
        const bool hide = state.explorer.hide_field;
        options.tooltip_body = [&](gl::Cell c) {
            if (!hide) pixel_tip(m_scene.at(c.row, c.col).source);
            ImGui::Text("skewed row %d, column %d", c.row, c.col);
        };
        const CanvasFrame f_sk = pixel_canvas("##skew_skewed", m_skewed_grid,
                                              ImVec2(cell * S, cell * H), nullptr, options);
        if (f_sk.clicked && state.explorer.picking)  // a lesson's "where does it land?" check
            state.explorer.picked = {lessons::Pixel{f_sk.hovered_cell.row, f_sk.hovered_cell.col}};
        if (state.explorer.picking)
            for (const lessons::Pixel& p : state.explorer.picked)
                if (p.row < H && p.col < S)
                    outline_cell(draw, f_sk, p.row, p.col, IM_COL32(0xd6, 0x28, 0x28, 255),
                                 std::max(3.f, cell / 8.f));
        if (H * W <= 26 && !hide)
            cell_labels(draw, f_sk, H, S, labels_for(m_scene.cells), m_skewed_colours,
                        state.fonts.bold);
        const float t = std::max(2.f, cell / 12.f);
        draw->AddRect(ImVec2(f_sk.min.x + cell * m_step - t / 2, f_sk.min.y - t / 2),
                      ImVec2(f_sk.min.x + cell * (m_step + 1) + t / 2, f_sk.max.y + t / 2),
                      k_column_colour, 0.f, 0, t);
        std::vector<viz::SceneArrow> sk_taps;
        for (const viz::SceneArrow& a : m_scene.taps)
            if (a.to.row % tap_stride == 0) sk_taps.push_back(a);
        tap_arrows(draw, f_sk, sk_taps);
        ImGui::EndGroup();
    }

    // (c) the result in image coordinates (unskewed)
    ImGui::SameLine(0, gap);
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(diagonal ? "Unskewed: back to H\u00d7W"
                                    : "Row LSTM: row t computed now");
    ImGui::PopFont();
    options.tooltip_body = [&](gl::Cell c) { pixel_tip(c.row * W + c.col); };
    const CanvasFrame f_out =
        pixel_canvas("##skew_result", m_result_grid, ImVec2(cell * W, cell * H), nullptr, options);
    if (H * W <= 26)
        cell_labels(draw, f_out, H, W, viz::letter_labels(H, W), m_result_colours,
                    state.fonts.bold);
    if (!diagonal) {
        // Row LSTM: row t outlined; the three taps of its middle pixel keep the picture readable.
        std::vector<viz::SceneArrow> taps;
        for (const viz::SceneArrow& a : m_scene.taps)
            if (a.to.col == W / 2) taps.push_back(a);
        tap_arrows(draw, f_out, taps);
        const ImVec2 a = f_out.cell_min(gl::Cell{m_step, 0}),
                     b = f_out.cell_max(gl::Cell{m_step, W - 1});
        draw->AddRect(a, b, k_column_colour, 0.f, 0, std::max(2.f, cell / 12.f));
    }
    ImGui::EndGroup();

    // Captions: the step, then why (the same sentences as `pixelscope render skew`).
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextWrapped("%s", m_scene.caption.c_str());
    ImGui::PopFont();
    ImGui::TextWrapped(
        "%s", diagonal ? viz::skew_unskew_text().c_str() : viz::skew_contrast_text().c_str());
    ImGui::Spacing();
    std::vector<viz::LegendEntry> entries = viz::skew_legend();
    entries.push_back({viz::rgb(0x7b1fa2), "state-to-state tap"});
    legend(entries);
}

// --- 2. controls, keys and the clock ------------------------------------------------------------

void SkewPanel::draw_controls(app::AppState& state, int steps) {
    if (ImGui::RadioButton("Diagonal BiLSTM (skew)", m_mode == viz::SkewMode::Diagonal) &&
        m_mode != viz::SkewMode::Diagonal) {
        m_mode = viz::SkewMode::Diagonal;
        m_step = 0;
    }
    ImGui::SameLine();
    if (ImGui::RadioButton("Row LSTM (contrast)", m_mode == viz::SkewMode::Row) &&
        m_mode != viz::SkewMode::Row) {
        m_mode = viz::SkewMode::Row;
        m_step = 0;
    }
    ImGui::SameLine(0, 2.f * ImGui::GetFontSize());
    ImGui::TextUnformatted("Image");
    ImGui::SameLine();
    if (ImGui::RadioButton("letters", m_source == Source::letters)) m_source = Source::letters;
    ImGui::SameLine();
    ImGui::BeginDisabled(!state.data.dataset);
    if (ImGui::RadioButton("a digit", m_source == Source::digit)) m_source = Source::digit;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(8.f * ImGui::GetFontSize());
    if (m_source == Source::letters) {
        const std::string name = std::to_string(m_size) + " \u00d7 " + std::to_string(m_size);
        value_slider_int("##size", &m_size, 2, 16, name.c_str());
    } else if (state.data.dataset) {
        const int n = int(state.data.dataset->test.size());
        value_slider_int("test image##digit", &m_digit, 0, std::max(0, n - 1));
    }

    if (ImGui::Button("Reset")) {
        m_step = 0;
        m_playing = false;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(m_step == 0);
    if (ImGui::Button("\u25c0 Step back")) {
        m_step = std::max(0, m_step - 1);
        m_playing = false;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(m_playing ? "Pause###play" : "\u25b6 Play###play")) {
        if (!m_playing && m_step >= steps - 1) m_step = 0;
        m_playing = !m_playing;
        m_accum = 0.f;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(m_step >= steps - 1);
    if (ImGui::Button("Step \u25b6")) {
        m_step = std::min(steps - 1, m_step + 1);
        m_playing = false;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(10.f * ImGui::GetFontSize());
    value_slider_float("steps / s", &m_speed, 0.25f, 8.f, "%.2f", ImGuiSliderFlags_Logarithmic);
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextUnformatted("keys: Space play/pause, \u2192 step, \u2190 back, R reset");
    ImGui::PopStyleColor();
}

void SkewPanel::handle_keys(const app::AppState& state, int steps) {
    const ImGuiIO& io = ImGui::GetIO();
    if (state.tab != app::Tab::skew || io.WantTextInput ||
        ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
        return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
        if (!m_playing && m_step >= steps - 1) m_step = 0;
        m_playing = !m_playing;
        m_accum = 0.f;
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) {
        m_step = std::min(steps - 1, m_step + 1);
        m_playing = false;
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) {
        m_step = std::max(0, m_step - 1);
        m_playing = false;
    }
    // GLFW key codes are ASCII for letters (the backend indexes KeysDown by them).
    if (!io.KeyCtrl && ImGui::IsKeyPressed('R', false)) {
        m_step = 0;
        m_playing = false;
    }
}

void SkewPanel::advance(app::AppState& state, int steps) {
    if (!m_playing) return;
    m_accum += ImGui::GetIO().DeltaTime * m_speed;
    while (m_accum >= 1.f) {
        m_accum -= 1.f;
        if (m_step + 1 >= steps) {
            m_playing = false;  // stop on the last step; Play starts over
            break;
        }
        ++m_step;
    }
    if (m_playing) state.keep_rendering = true;
}

// --- 3. the scene's colours ---------------------------------------------------------------------

viz::Rgba SkewPanel::cell_colour(int source, viz::CellState cs) const {
    const viz::Rgba base = viz::skew_state_colour(cs);
    if (source < 0 || m_ink.empty()) return base;
    // A digit: its ink darkens the state colour, so both the digit and the state read.
    return viz::mix(base, k_ink, 0.8f * float(m_ink[std::size_t(source)]) / 255.f);
}

std::vector<std::string> SkewPanel::labels_for(const std::vector<viz::SceneCell>& cells) const {
    const auto letters = viz::letter_labels(m_scene.height, m_scene.width);
    std::vector<std::string> out(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i].source >= 0) out[i] = letters[std::size_t(cells[i].source)];
    return out;
}

void SkewPanel::rebuild(const app::AppState& state, int H, int W) {
    const bool digit =
        m_source == Source::digit && state.data.dataset && !state.data.dataset->test.empty();
    SceneKey key{m_mode, digit ? Source::digit : Source::letters, H * 1000 + W,
                 m_step, digit ? state.data.generation : -1,      digit ? m_digit : -1};
    if (key == m_key) return;
    m_key = key;
    m_scene = viz::make_skew_scene(m_mode, H, W, m_step);

    m_ink.clear();
    if (digit) {
        const data::Dataset& ds = *state.data.dataset;
        m_digit = std::clamp(m_digit, 0, int(ds.test.size()) - 1);
        const std::uint8_t* px = ds.images.image(ds.test[std::size_t(m_digit)]);
        const std::size_t plane = std::size_t(H) * W;
        m_ink.assign(plane, 0);
        for (int ch = 0; ch < ds.images.channels; ++ch)  // RGB: the brightest channel
            for (std::size_t i = 0; i < plane; ++i)
                m_ink[i] = std::max(m_ink[i], px[std::size_t(ch) * plane + i]);
    }

    // Input: the image itself (letters on white, or the digit's ink).
    m_input_colours.assign(std::size_t(H) * W, viz::palette().pending);
    for (int i = 0; i < H * W; ++i)
        m_input_colours[std::size_t(i)] = cell_colour(i, viz::CellState::Pending);
    // Skewed map (diagonal) and the result in image coordinates.
    const std::vector<viz::SceneCell>& grid_cells = m_scene.cells;
    m_skewed_colours.resize(grid_cells.size());
    for (std::size_t i = 0; i < grid_cells.size(); ++i)
        m_skewed_colours[i] = cell_colour(grid_cells[i].source, grid_cells[i].state);
    const std::vector<viz::SceneCell>& result =
        m_mode == viz::SkewMode::Diagonal ? m_scene.unskewed : m_scene.cells;
    m_result_colours.resize(result.size());
    for (std::size_t i = 0; i < result.size(); ++i)
        m_result_colours[i] = cell_colour(result[i].source, result[i].state);

    auto upload = [](gl::PixelGrid& g, int w, int h, const std::vector<viz::Rgba>& colours) {
        const auto bytes = rgba_bytes(colours);
        g.set_image(w, h, bytes.data());
        g.look().line_colour = ImVec4(0.6f, 0.6f, 0.6f, 1.f);
        g.look().min_cell_px_for_lines = 6.f;
    };
    upload(m_input_grid, W, H, m_input_colours);
    if (m_mode == viz::SkewMode::Diagonal)
        upload(m_skewed_grid, m_scene.grid_cols, m_scene.grid_rows, m_skewed_colours);
    upload(m_result_grid, W, H, m_result_colours);
}

}  // namespace ps::ui
