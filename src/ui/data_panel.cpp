// Sections: 1. draw (layout of the tab)  2. header and controls  3. the thumbnail sheet
//           4. the selected image, large  5. keys, selection and pixels
#include "ui/data_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include "ui/text.hpp"
#include "ui/theme.hpp"

namespace ps::ui {

namespace {
constexpr int k_threshold = 128;  // DESIGN.md §4: pixel >= 128 -> 1
const gl::ColourMap k_ink = gl::ColourMap::ink();
const std::uint8_t k_sheet_bg[4] = {0xE9, 0xEC, 0xF0, 0xFF};
}  // namespace

// "3", or "9 · Ankle boot" when the dataset names its classes.
std::string label_name(const data::Dataset& ds, int label);

// --- 1. draw ------------------------------------------------------------------------------------

void DataPanel::draw(app::AppState& state) {
    const app::DatasetState& data = state.data;
    if (!data.dataset) {
        if (!data.loading.empty()) {
            ImGui::Text("Loading %s …", data.loading.c_str());
        } else {
            heading(state.fonts, "No dataset");
            if (!data.error.empty()) ImGui::TextColored(colours::error, "%s", data.error.c_str());
            muted_wrapped("Pick one from File ▸ Dataset.");
        }
        return;
    }
    if (!data.error.empty()) {  // a later load failed; the previous dataset stays on screen
        ImGui::PushStyleColor(ImGuiCol_Text, colours::error);
        ImGui::TextWrapped("Could not open the dataset: %s", data.error.c_str());
        ImGui::PopStyleColor();
        if (ImGui::SmallButton("Dismiss")) state.data.error.clear();
        ImGui::Spacing();
    }
    const data::Dataset& ds = *data.dataset;
    if (data.generation != m_generation) {  // a new dataset: start at its first image
        m_generation = data.generation;
        m_classes =
            ds.labels.empty() ? 0 : 1 + *std::max_element(ds.labels.begin(), ds.labels.end());
        m_view.clear();
        m_label = -1;
        m_page = 0;
        m_selected = 0;
        m_pixel = {};
    }

    draw_header(state, ds);
    draw_controls(ds);
    update_view(ds);
    if (m_view.empty()) {
        ImGui::Spacing();
        muted_wrapped(("This dataset has no " + view_name() + ".").c_str());
        return;
    }
    if (m_scene_image >= 0 && data.loading.empty() && state.requests.load_dataset.empty()) {
        select(m_scene_image);
        m_scene_image = -1;
    }
    handle_keys();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float detail_w = std::max(440.f, std::floor(avail.x * 0.46f));
    ImGui::BeginChild("##sheet", ImVec2(avail.x - detail_w - spacing, avail.y), true,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    draw_sheet(state, ds, ImGui::GetContentRegionAvail());
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##detail", ImVec2(0, avail.y), true);
    draw_detail(state, ds);
    ImGui::EndChild();
}

// --- 2. header and controls ---------------------------------------------------------------------

void DataPanel::draw_header(const app::AppState& state, const data::Dataset& ds) {
    const std::string title = "Dataset: " + ds.name;
    heading(state.fonts, title.c_str());
    const data::Images& im = ds.images;
    const std::string facts = thousands(im.count) + " images, " + std::to_string(im.rows) + " × " +
                              std::to_string(im.cols) + (im.channels == 1 ? " grey" : " RGB") +
                              "  ·  " + thousands(long(ds.train.size())) + " train / " +
                              thousands(long(ds.test.size())) + " test" +
                              (ds.split.empty() ? "" : " (" + ds.split + ")");
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextUnformatted(facts.c_str());
    if (ImGui::IsItemHovered() && !ds.source.empty()) ImGui::SetTooltip("%s", ds.source.c_str());
    ImGui::PopStyleColor();
}

void DataPanel::draw_controls(const data::Dataset& ds) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Show");
    ImGui::SameLine();
    const std::string train = "Training set (" + thousands(long(ds.train.size())) + ")###train";
    const std::string test = "Test set (" + thousands(long(ds.test.size())) + ")###test";
    if (ImGui::RadioButton(train.c_str(), !m_test)) m_test = false;
    same_line_if_fits(toggle_width(test.c_str()), ImGui::GetStyle().ItemSpacing.x);
    if (ImGui::RadioButton(test.c_str(), m_test)) m_test = true;
    const float combo_w = 9.f * ImGui::GetFontSize();
    if (!ds.labels.empty()) {
        same_line_if_fits(
            ImGui::CalcTextSize("Label").x + ImGui::GetStyle().ItemSpacing.x + combo_w, 32);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Label");
        ImGui::SameLine();
        const std::string current = m_label < 0 ? "all" : label_name(ds, m_label);
        ImGui::SetNextItemWidth(combo_w);
        if (ImGui::BeginCombo("##label", current.c_str())) {
            if (ImGui::Selectable("all", m_label < 0)) m_label = -1;
            for (int k = 0; k < m_classes; ++k) {
                ImGui::PushID(k);
                if (ImGui::Selectable(label_name(ds, k).c_str(), m_label == k)) m_label = k;
                ImGui::PopID();
            }
            ImGui::EndCombo();
        }
    }
    same_line_if_fits(toggle_width("Shuffle"), 32);
    ImGui::Checkbox("Shuffle", &m_shuffled);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "List the images in a fixed random order (seed 0) instead of by index.\n"
            "The shipped MNIST is stored digit by digit, 0s first.");
    const char* binarise = "Binarise (pixel ≥ 128 → 1)";
    same_line_if_fits(toggle_width(binarise), 32);
    ImGui::Checkbox(binarise, &m_binarise);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Show every pixel as the binary models see it: 1 if its value is at\n"
            "least 128, else 0.");
    ImGui::Spacing();
}

// --- 3. the thumbnail sheet ---------------------------------------------------------------------

void DataPanel::draw_sheet(const app::AppState& state, const data::Dataset& ds, ImVec2 avail) {
    const std::vector<int>& indices = m_view;
    const int n = int(indices.size());
    const data::Images& im = ds.images;

    // Layout: thumbnails about 56 px across, 8 px apart, a label line under each.
    Sheet& sh = m_sheet;
    sh.tile_w = im.cols;
    sh.tile_h = im.rows;
    sh.scale = std::max(1, int(std::lround(56.f / float(std::max(im.rows, im.cols)))));
    sh.gap = std::max(1, int(std::ceil(8.f / float(sh.scale))));
    sh.label = int(std::ceil((ImGui::GetFontSize() + 4.f) / float(sh.scale)));
    const float bar_h = m_bar_h > 0.f ? m_bar_h : 2.f * ImGui::GetFrameHeightWithSpacing();
    sh.cols =
        std::max(1, int((avail.x - float(sh.gap * sh.scale)) / float(sh.pitch_x() * sh.scale)));
    sh.rows = std::max(1, int((avail.y - bar_h) / float(sh.pitch_y() * sh.scale)));
    const int page_size = sh.page_size();
    const int pages = (n + page_size - 1) / page_size;
    m_page = std::clamp(m_page, 0, pages - 1);

    // Paging bar: "Training images 1–117 of 8,000   [◀] page 1 / 69 [▶]".
    const int first = m_page * page_size;
    const int last = std::min(n, first + page_size);
    std::string range =
        view_name() + " " + thousands(first + 1) + "–" + thousands(last) + " of " + thousands(n);
    range[0] = char(std::toupper(range[0]));
    const float bar_start = ImGui::GetCursorPosY();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(range.c_str());
    const std::string page_text = "page " + thousands(m_page + 1) + " / " + thousands(pages);
    const float buttons_w = ImGui::CalcTextSize(page_text.c_str()).x + 2 * ImGui::GetFrameHeight() +
                            4 * ImGui::GetStyle().ItemSpacing.x;
    same_line_right(buttons_w);
    ImGui::BeginDisabled(m_page == 0);
    if (ImGui::ArrowButton("##prev_page", ImGuiDir_Left)) --m_page;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextUnformatted(page_text.c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(m_page >= pages - 1);
    if (ImGui::ArrowButton("##next_page", ImGuiDir_Right)) ++m_page;
    ImGui::EndDisabled();
    ImGui::Spacing();
    m_bar_h = ImGui::GetCursorPosY() - bar_start;  // one line, or two in a narrow panel

    // The atlas: every thumbnail of the page in one RGBA image, rebuilt only when it changes.
    const AtlasKey key{m_view_key, m_page, sh.cols, sh.rows, sh.scale, m_binarise};
    if (!(key == m_atlas_key)) {
        m_atlas_key = key;
        const int w = sh.width(), h = sh.height();
        m_scratch.resize(std::size_t(w) * h * 4);
        for (std::size_t i = 0; i < m_scratch.size(); i += 4)
            std::copy(k_sheet_bg, k_sheet_bg + 4, m_scratch.begin() + std::ptrdiff_t(i));
        for (int slot = 0; slot < page_size && first + slot < n; ++slot) {
            const int x0 = sh.gap + (slot % sh.cols) * sh.pitch_x();
            const int y0 = sh.gap + (slot / sh.cols) * sh.pitch_y();
            image_rgba(ds, indices[std::size_t(first + slot)],
                       m_scratch.data() + (std::size_t(y0) * w + x0) * 4, w);
        }
        m_sheet_grid.set_image(w, h, m_scratch.data());
        m_sheet_grid.look().grid_lines = false;
        m_sheet_grid.look().border = false;
    }

    const ImVec2 size(float(sh.width() * sh.scale), float(sh.height() * sh.scale));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                         std::max(0.f, std::floor((avail.x - size.x) / 2)));
    CanvasOptions options;
    options.hover_outline = false;
    options.select_on_click = false;
    options.tooltip = false;
    const CanvasFrame frame = pixel_canvas("##sheet_canvas", m_sheet_grid, size, nullptr, options);
    if (ImGui::IsItemHovered() && ImGui::GetIO().MouseWheel != 0.f)
        m_page = std::clamp(m_page - int(ImGui::GetIO().MouseWheel), 0, pages - 1);

    // Which thumbnail is under the mouse (its tile or its label).
    int hovered = -1;
    if (frame.hovered) {
        const gl::Cell c = frame.hovered_cell;
        const int tx = (c.col - sh.gap) / sh.pitch_x(), ty = c.row / sh.pitch_y();
        const bool inside = c.col >= sh.gap && (c.col - sh.gap) % sh.pitch_x() < sh.tile_w &&
                            c.row % sh.pitch_y() >= sh.gap;
        const int slot = ty * sh.cols + tx;
        if (inside && tx < sh.cols && first + slot < n) hovered = first + slot;
    }
    if (hovered >= 0) {
        if (frame.clicked) select(hovered);
        const int index = indices[std::size_t(hovered)];
        ImGui::BeginTooltip();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted(label_text(ds, index, true).c_str());
        ImGui::PopFont();
        ImGui::Text("%s of %s %s", thousands(hovered + 1).c_str(), thousands(n).c_str(),
                    view_name().c_str());
        ImGui::Text("dataset index %s", thousands(index).c_str());
        ImGui::EndTooltip();
    }

    // Labels under the thumbnails, the selected one outlined in the accent colour.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float s = float(sh.scale);
    ImGui::PushFont(state.fonts.mono);
    for (int slot = 0; slot < page_size && first + slot < n; ++slot) {
        const int pos = first + slot;
        const float x0 = frame.min.x + float(sh.gap + (slot % sh.cols) * sh.pitch_x()) * s;
        const float y0 = frame.min.y + float(sh.gap + (slot / sh.cols) * sh.pitch_y()) * s;
        const ImVec2 tile_max(x0 + float(sh.tile_w) * s, y0 + float(sh.tile_h) * s);
        const std::string label = label_text(ds, indices[std::size_t(pos)], false);
        const ImVec2 text_size = ImGui::CalcTextSize(label.c_str());
        const bool selected = pos == m_selected;
        const ImU32 colour = selected ? to_u32(colours::accent) : to_u32(colours::text_muted);
        draw->AddText(ImVec2(std::floor((x0 + tile_max.x - text_size.x) / 2), tile_max.y + 2.f),
                      colour, label.c_str());
        if (selected)
            draw->AddRect(ImVec2(x0 - 3, y0 - 3), ImVec2(tile_max.x + 3, tile_max.y + 3),
                          to_u32(colours::accent), 3.f, 0, 2.5f);
        else if (pos == hovered)
            draw->AddRect(
                ImVec2(x0 - 2, y0 - 2), ImVec2(tile_max.x + 2, tile_max.y + 2),
                to_u32(ImVec4(colours::accent.x, colours::accent.y, colours::accent.z, 0.5f)), 3.f,
                0, 1.5f);
    }
    ImGui::PopFont();
}

// --- 4. the selected image, large ---------------------------------------------------------------

void DataPanel::draw_detail(const app::AppState& state, const data::Dataset& ds) {
    const std::vector<int>& indices = m_view;
    const int n = int(indices.size());
    m_selected = std::clamp(m_selected, 0, n - 1);
    const int index = indices[std::size_t(m_selected)];
    const data::Images& im = ds.images;

    const DigitKey key{m_generation, index, m_binarise};
    if (!(key == m_digit_key)) {
        m_digit_key = key;
        const std::uint8_t* src = im.image(index);
        const std::size_t plane = std::size_t(im.rows) * im.cols;
        if (im.channels == 1) {
            m_scratch.assign(src, src + plane);
            if (m_binarise)
                for (auto& v : m_scratch) v = v >= k_threshold ? 255 : 0;
            m_digit_grid.set_values(im.cols, im.rows, m_scratch.data(), k_ink);
        } else {
            m_scratch.resize(plane * 4);
            image_rgba(ds, index, m_scratch.data(), im.cols);
            m_digit_grid.set_image(im.cols, im.rows, m_scratch.data());
        }
    }

    heading(state.fonts, ("Label " + label_text(ds, index, true)).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::Text("%s of %s %s  ·  dataset index %s", thousands(m_selected + 1).c_str(),
                thousands(n).c_str(), view_name().c_str(), thousands(index).c_str());
    ImGui::PopStyleColor();
    ImGui::BeginDisabled(m_selected == 0);
    if (ImGui::Button("◀ Previous")) select(m_selected - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(m_selected >= n - 1);
    if (ImGui::Button("Next ▶")) select(m_selected + 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("or ← / → keys");
    ImGui::PopStyleColor();
    ImGui::Spacing();

    // The grid gets what is left after the legend and the explanations below it (their height
    // as measured last frame; it depends on the panel's width only); cells at most 20 px.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float below =
        m_below_grid_h > 0.f ? m_below_grid_h : 13.f * ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 size = crisp_canvas_size(
        m_digit_grid, ImVec2(avail.x, std::max(avail.y - below, 8.f * float(im.rows))), 20.f);
    const float indent = std::max(0.f, std::floor((avail.x - size.x) / 2));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);

    CanvasOptions options;
    options.tooltip_body = [&](gl::Cell c) {
        const std::uint8_t* px = im.image(index);
        const std::size_t plane = std::size_t(im.rows) * im.cols;
        const std::size_t at = std::size_t(c.row) * im.cols + c.col;
        ImGui::PushFont(state.fonts.bold);
        ImGui::Text("row %d, col %d", c.row, c.col);
        ImGui::PopFont();
        if (im.channels == 1) {
            const int v = px[at];
            if (m_binarise)
                ImGui::Text("value %d  →  %d", v, v >= k_threshold ? 1 : 0);
            else
                ImGui::Text("value %d", v);
        } else {
            ImGui::Text("R %d  G %d  B %d", px[at], px[plane + at], px[2 * plane + at]);
        }
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        ImGui::Text("pixel %s of %s in raster order", thousands(long(at) + 1).c_str(),
                    thousands(long(plane)).c_str());
        ImGui::PopStyleColor();
    };
    pixel_canvas("##digit", m_digit_grid, size, &m_pixel, options);
    update_context_overlay(im.rows, im.cols);
    const float below_start = ImGui::GetCursorPosY();

    // Legend: what the cell colours mean.
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    if (im.channels == 1) {
        const float h = ImGui::GetTextLineHeight();
        const float bar = 140.f;
        const ImU32 paper = IM_COL32(k_ink.rgba[0], k_ink.rgba[1], k_ink.rgba[2], 255);
        const ImU32 ink = IM_COL32(k_ink.rgba[1020], k_ink.rgba[1021], k_ink.rgba[1022], 255);
        const ImU32 border = ImGui::GetColorU32(ImGuiCol_Border);
        if (m_binarise) {
            legend_swatch(paper, "0");
            ImGui::SameLine(0, 16);
            legend_swatch(ink, "1");
        } else {
            ImGui::TextUnformatted("0");
            ImGui::SameLine();
            const ImVec2 q = ImGui::GetCursorScreenPos();
            draw->AddRectFilledMultiColor(q, ImVec2(q.x + bar, q.y + h), paper, ink, ink, paper);
            draw->AddRect(q, ImVec2(q.x + bar, q.y + h), border);
            ImGui::Dummy(ImVec2(bar, h));
            ImGui::SameLine();
            ImGui::TextUnformatted("255");
        }
    }
    const char* hint = "hover: value · click: select";
    if (im.channels == 1) same_line_if_fits(ImGui::CalcTextSize(hint).x, 24);
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextUnformatted(hint);
    ImGui::PopStyleColor();
    ImGui::Spacing();

    // The selected pixel, and what an autoregressive model makes of it. The block keeps the
    // height of its longer version, so a click never moves the grid under the mouse.
    const int pixels = im.rows * im.cols;
    auto explain_pixel = [&](int i) {
        char text[512];
        std::snprintf(text, sizeof text,
                      "In raster order (left to right, top to bottom) this is pixel i = %d of %d. "
                      "A PixelCNN predicts it from the %d pixels before it (tinted blue), "
                      "p(xᵢ | x₁…xᵢ₋₁), and the whole image as the product over all pixels: "
                      "p(x) = Π p(xᵢ | x₁…xᵢ₋₁).",
                      i, pixels, i - 1);
        return std::string(text);
    };
    char intro[512];
    std::snprintf(intro, sizeof intro,
                  "An autoregressive model reads this image as %d pixels in raster order (left to "
                  "right, top to bottom) and predicts each from the ones before it: "
                  "p(x) = Π p(xᵢ | x₁…xᵢ₋₁). Click a pixel to see where it falls in that order.",
                  pixels);
    const float wrap = ImGui::GetContentRegionAvail().x;
    const float block_h =
        ImGui::GetTextLineHeightWithSpacing() +
        std::max(ImGui::CalcTextSize(explain_pixel(pixels).c_str(), nullptr, false, wrap).y,
                 ImGui::CalcTextSize(intro, nullptr, false, wrap).y);
    const float block_start = ImGui::GetCursorPosY();
    ImGui::PushFont(state.fonts.bold);
    if (m_pixel.cell.valid() && m_pixel.cell.row < im.rows && m_pixel.cell.col < im.cols) {
        const gl::Cell c = m_pixel.cell;
        ImGui::Text("Selected: row %d, col %d", c.row, c.col);
        ImGui::PopFont();
        ImGui::TextWrapped("%s", explain_pixel(c.row * im.cols + c.col + 1).c_str());
    } else {
        ImGui::TextUnformatted("No pixel selected");
        ImGui::PopFont();
        ImGui::TextWrapped("%s", intro);
    }
    const float used = ImGui::GetCursorPosY() - block_start;
    if (used < block_h) ImGui::Dummy(ImVec2(0, block_h - used));
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Why binarise?");
    ImGui::PopFont();
    if (im.channels == 1) {
        muted_wrapped(
            "The PixelRNN paper's MNIST models predict black-and-white images: each pixel is 1 if "
            "its value is at least 128, else 0. One pixel is then one yes/no guess (a sigmoid, "
            "trained with binary cross-entropy) instead of a choice among 256 grey levels, so the "
            "tiny models here train in minutes. Tick Binarise to see exactly what they see.");
    } else {
        muted_wrapped(
            "Colour images are modelled unbinarised: each of R, G and B is one of 256 values, "
            "predicted in that order by a 256-way softmax. Binarise thresholds each channel at "
            "128, leaving 8 colours: what a binary model of each channel would see.");
    }
    // Keep the tallest text seen at this width, so selecting a pixel (a longer sentence) does
    // not shrink the grid under the mouse.
    const float width = ImGui::GetContentRegionAvail().x;
    if (width != m_below_width) m_below_grid_h = 0.f;
    m_below_width = width;
    m_below_grid_h = std::max(m_below_grid_h, ImGui::GetCursorPosY() - below_start);
}

// --- 5. keys, selection and pixels --------------------------------------------------------------

void DataPanel::update_context_overlay(int rows, int cols) {
    const gl::Cell cell = m_pixel.cell.valid() && m_pixel.cell.row < rows && m_pixel.cell.col < cols
                              ? m_pixel.cell
                              : gl::Cell{};
    if (cell == m_context_cell && m_generation == m_context_generation) return;
    m_context_cell = cell;
    m_context_generation = m_generation;
    if (!cell.valid()) {
        m_digit_grid.clear_overlay();
        return;
    }
    // Raster order: pixel (r, c) comes before (row, col) iff r < row, or r == row and c < col.
    const std::uint8_t tint[4] = {0x25, 0x63, 0xEB, 72};  // the accent, about 28% over the cell
    std::vector<std::uint8_t> overlay(std::size_t(rows) * cols * 4, 0);
    const std::size_t before = std::size_t(cell.row) * cols + cell.col;
    for (std::size_t k = 0; k < before; ++k) std::copy(tint, tint + 4, overlay.begin() + 4 * k);
    m_digit_grid.set_overlay(cols, rows, overlay.data());
}

void DataPanel::handle_keys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) select(m_selected - 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) select(m_selected + 1);
    const int page_size = std::max(1, m_sheet.page_size());
    const int last_page = (int(m_view.size()) - 1) / page_size;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageUp))) m_page = std::max(0, m_page - 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageDown)))
        m_page = std::min(m_page + 1, last_page);
}

void DataPanel::apply_scene(const lessons::Scene& scene) {
    if (scene.word("tab") != "data") return;
    if (scene.has("binarize")) m_binarise = true;
    if (scene.has("image")) m_scene_image = int(scene.integer("image"));
}

void DataPanel::select(int position) {
    const int n = int(m_view.size());
    if (n == 0) return;
    m_selected = std::clamp(position, 0, n - 1);
    m_page = m_selected / std::max(1, m_sheet.page_size());
}

void DataPanel::update_view(const data::Dataset& ds) {
    const ViewKey key{m_generation, m_label, m_test, m_shuffled};
    if (key == m_view_key) return;
    // Keep the selected image if it is still listed, else start at the top.
    const int previous = m_view.empty() ? -1
                                        : m_view[std::size_t(std::min<std::size_t>(
                                              std::size_t(m_selected), m_view.size() - 1))];
    m_view_key = key;
    m_view.clear();
    for (int index : m_test ? ds.test : ds.train)
        if (m_label < 0 || (!ds.labels.empty() && ds.labels[std::size_t(index)] == m_label))
            m_view.push_back(index);
    if (m_shuffled) {
        std::mt19937 rng(0);  // a fixed order: the same page shows the same images every run
        std::shuffle(m_view.begin(), m_view.end(), rng);
    }
    const auto it = std::find(m_view.begin(), m_view.end(), previous);
    select(it == m_view.end() ? 0 : int(it - m_view.begin()));
}

std::string DataPanel::view_name() const {
    std::string name = m_test ? "test images" : "training images";
    if (m_label >= 0) name += " with label " + std::to_string(m_label);
    return name;
}

void DataPanel::image_rgba(const data::Dataset& ds, int index, std::uint8_t* out,
                           int stride_px) const {
    const data::Images& im = ds.images;
    const std::uint8_t* src = im.image(index);
    const std::size_t plane = std::size_t(im.rows) * im.cols;
    auto level = [&](std::uint8_t v) -> std::uint8_t {
        return m_binarise ? (v >= k_threshold ? 255 : 0) : v;
    };
    for (int r = 0; r < im.rows; ++r) {
        std::uint8_t* row = out + std::size_t(r) * stride_px * 4;
        for (int c = 0; c < im.cols; ++c) {
            const std::size_t at = std::size_t(r) * im.cols + c;
            std::uint8_t* px = row + 4 * c;
            if (im.channels == 1) {
                const std::uint8_t* m = &k_ink.rgba[4 * std::size_t(level(src[at]))];
                std::copy(m, m + 4, px);
            } else {  // RGB planes as they are (colored-mnist: a tinted digit on black)
                px[0] = level(src[at]);
                px[1] = level(src[plane + at]);
                px[2] = level(src[2 * plane + at]);
                px[3] = 255;
            }
        }
    }
}

std::string DataPanel::label_text(const data::Dataset& ds, int index, bool with_name) const {
    if (ds.labels.empty()) return "—";
    const int label = ds.labels[std::size_t(index)];
    return with_name ? label_name(ds, label) : std::to_string(label);
}

std::string label_name(const data::Dataset& ds, int label) {
    std::string text = std::to_string(label);
    if (std::size_t(label) < ds.class_names.size() && ds.class_names[std::size_t(label)] != text)
        text += " · " + ds.class_names[std::size_t(label)];
    return text;
}

}  // namespace ps::ui
