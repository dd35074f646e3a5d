// Index: 1. Shared drawing helpers  2. Masks  3. Receptive field / blind spot  4. Skew
#include "viz/figures.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "viz/masks.hpp"

namespace ps::viz {

// ---------------------------------------------------------------------------------------------
// 1. Shared drawing helpers
namespace {

constexpr float kMargin = 36.0f;
constexpr float kTitlePx = 30.0f;
constexpr float kSubtitlePx = 18.0f;
constexpr float kHeadPx = 20.0f;
constexpr float kBodyPx = 17.0f;
constexpr float kSmallPx = 13.0f;

Rgba text_on(Rgba fill) {
    return luminance(fill) < 0.3f ? rgb(0xffffff) : palette().text;
}

float draw_title(Canvas& cv, const Fonts& f, const std::string& title, const std::string& sub) {
    float y = kMargin * 0.7f;
    f.bold->draw(cv, title, kMargin, y, kTitlePx, palette().text);
    y += f.bold->line_height(kTitlePx);
    if (!sub.empty()) {
        y += f.regular->draw_wrapped(cv, sub, kMargin, y, kSubtitlePx, cv.width() - 2 * kMargin,
                                     rgb(0x555555));
    }
    return y + 14.0f;
}

// Swatches with labels, flowing left to right and wrapping at max_width. Returns the height.
float draw_legend(Canvas& cv, const Fonts& f, const std::vector<LegendEntry>& entries, float x,
                  float y, float max_width) {
    const float sw = 20.0f, gap = 10.0f, spacing = 28.0f,
                lh = std::max(sw, f.regular->line_height(kBodyPx));
    float cx = x, cy = y;
    for (const auto& e : entries) {
        const float w = sw + gap + f.regular->measure(e.label, kBodyPx);
        if (cx > x && cx + w > x + max_width) {
            cx = x;
            cy += lh + 8.0f;
        }
        cv.fill_rect(cx, cy + (lh - sw) / 2, sw, sw, e.colour);
        cv.outline_rect(cx, cy + (lh - sw) / 2, sw, sw, 1.0f, rgb(0x555555));
        f.regular->draw(cv, e.label, cx + sw + gap, cy + (lh - f.regular->line_height(kBodyPx)) / 2,
                        kBodyPx, palette().text);
        cx += w + spacing;
    }
    return cy + lh - y;
}

struct GridGeom {
    float x = 0, y = 0, cell = 0;
    int rows = 0, cols = 0;
    float cx(int c) const { return x + (c + 0.5f) * cell; }
    float cy(int r) const { return y + (r + 0.5f) * cell; }
    float w() const { return cols * cell; }
    float h() const { return rows * cell; }
};

// Filled cells, grid lines, optional centred labels.
void draw_grid(Canvas& cv, const Fonts& f, const GridGeom& g, const std::vector<Rgba>& fill,
               const std::vector<std::string>& labels) {
    const Palette& p = palette();
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.cols; ++c)
            cv.fill_rect(g.x + c * g.cell, g.y + r * g.cell, g.cell, g.cell,
                         fill[static_cast<size_t>(r * g.cols + c)]);
    const float t = g.cell >= 12 ? 1.0f : 0.0f;
    if (t > 0) {
        for (int r = 0; r <= g.rows; ++r)
            cv.fill_rect(g.x, g.y + r * g.cell - 0.5f, g.w(), t, p.grid);
        for (int c = 0; c <= g.cols; ++c)
            cv.fill_rect(g.x + c * g.cell - 0.5f, g.y, t, g.h(), p.grid);
    }
    cv.outline_rect(g.x - 1, g.y - 1, g.w() + 2, g.h() + 2, 1.5f, rgb(0x444444));
    if (labels.empty()) return;
    const float px = std::min(g.cell * 0.55f, 30.0f);
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.cols; ++c) {
            const auto& s = labels[static_cast<size_t>(r * g.cols + c)];
            if (s.empty()) continue;
            f.bold->draw(cv, s, g.cx(c), g.cy(r) - f.bold->line_height(px) / 2, px,
                         text_on(fill[static_cast<size_t>(r * g.cols + c)]), Align::Centre);
        }
}

// Row and column indices along the top and left of a grid.
void draw_axes(Canvas& cv, const Fonts& f, const GridGeom& g) {
    if (g.cell < 14) return;
    const int every = g.cell >= 22 ? 1 : 2;
    const Rgba col = rgb(0x777777);
    for (int c = 0; c < g.cols; c += every)
        f.regular->draw(cv, std::to_string(c), g.cx(c), g.y - f.regular->line_height(kSmallPx) - 3,
                        kSmallPx, col, Align::Centre);
    for (int r = 0; r < g.rows; r += every)
        f.regular->draw(cv, std::to_string(r), g.x - 6,
                        g.cy(r) - f.regular->line_height(kSmallPx) / 2, kSmallPx, col,
                        Align::Right);
}

float finish_height(float y) {
    return y + kMargin * 0.8f;
}

}  // namespace

RgbaImage crop_height(const RgbaImage& image, int height) {
    height = std::clamp(height, 1, image.height);
    RgbaImage out;
    out.width = image.width;
    out.height = height;
    out.pixels.assign(image.pixels.begin(),
                      image.pixels.begin() + static_cast<long>(image.width) * height * 4);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Sentences shared with the GUI panels (one place for each).
std::string masks_intro_text() {
    return "Raster order: a pixel may depend only on pixels above it and to its left. Mask A is "
           "used by the first layer, mask B by every later one.";
}
std::string skew_intro_text() {
    return "Row r is shifted right by r, so each column of the skewed map is one diagonal of the "
           "image; a whole column is computed at once from the column before it.";
}
std::string skew_unskew_text() {
    return "Unskew reads skewed (r, c + r) back to (r, c): the state-to-state taps, one row up "
           "and one column left in the skewed map, are the pixel above and the pixel to the left.";
}
std::string skew_contrast_text() {
    return "Arrows: the three taps of one pixel. Row LSTM takes H steps of a whole row each, and "
           "its field above a pixel is a triangle; the Diagonal BiLSTM takes H+W−1 shorter "
           "steps and sees the whole context above.";
}

// ---------------------------------------------------------------------------------------------
// 2. Masks
namespace {

// Three input groups on the left, three output groups on the right, an arrow for every
// connection the mask allows at the centre tap. Returns the height used.
float draw_rgb_connectivity(Canvas& cv, const Fonts& f, const RgbConnectivity& rc, float x, float y,
                            float w) {
    const Palette& p = palette();
    const float r = 20.0f, spacing = 62.0f;
    const float xl = x + w * 0.22f, xr = x + w * 0.78f;
    const float top = y + f.regular->line_height(kBodyPx) + 12.0f + r;
    f.regular->draw(cv, "input groups", xl, y, kBodyPx, rgb(0x555555), Align::Centre);
    f.regular->draw(cv, "output groups", xr, y, kBodyPx, rgb(0x555555), Align::Centre);
    for (int o = 0; o < 3; ++o)
        for (int i = 0; i < 3; ++i) {
            if (!rc.allowed[static_cast<size_t>(o)][static_cast<size_t>(i)]) continue;
            const float y0 = top + i * spacing, y1 = top + o * spacing;
            const float dx = xr - xl, dy = y1 - y0, len = std::sqrt(dx * dx + dy * dy);
            cv.arrow(xl + dx / len * (r + 3), y0 + dy / len * (r + 3), xr - dx / len * (r + 4),
                     y1 - dy / len * (r + 4), 2.5f, 14.0f, rgb(0x333333));
        }
    for (int k = 0; k < 3; ++k) {
        for (float cxn : {xl, xr}) {
            cv.fill_circle(cxn, top + k * spacing, r, p.channel[k]);
            f.bold->draw(cv, channel_name(k), cxn, top + k * spacing - f.bold->line_height(18) / 2,
                         18.0f, rgb(0xffffff), Align::Centre);
        }
    }
    if (rc.arrow_count() == 0) return top + 2 * spacing + r - y;
    return top + 2 * spacing + r - y;
}

}  // namespace

RgbaImage render_masks_figure(const Fonts& fonts, int kernel, bool rgb_view) {
    const Palette& p = palette();
    MaskGrid grids[2] = {make_mask_grid(kernel, kernel, MaskType::A),
                         make_mask_grid(kernel, kernel, MaskType::B)};
    const int width = 1200;
    Canvas cv(width, 2400, p.background);
    const std::string k = std::to_string(kernel);
    float y = draw_title(
        cv, fonts,
        "Masked convolution, " + k + "\u00d7" + k + " kernel" + (rgb_view ? ", RGB groups" : ""),
        masks_intro_text());
    const float panel_w = (width - 3 * kMargin) / 2.0f;
    float bottom = y;
    for (int m = 0; m < 2; ++m) {
        const MaskGrid& g = grids[m];
        const float px = kMargin + m * (panel_w + kMargin);
        float py = y;
        fonts.bold->draw(cv, std::string("Mask ") + mask_type_name(g.type), px + panel_w / 2, py,
                         kHeadPx + 2, p.text, Align::Centre);
        py += fonts.bold->line_height(kHeadPx + 2) + 10;
        GridGeom geom;
        geom.rows = g.k_h;
        geom.cols = g.k_w;
        geom.cell = std::min(64.0f, std::floor((rgb_view ? 240.0f : 330.0f) / g.k_w));
        geom.x = px + (panel_w - geom.w()) / 2;
        geom.y = py;
        draw_grid(cv, fonts, geom, mask_colours(g), {});
        const float t = std::max(3.0f, geom.cell / 10);
        cv.outline_rect(geom.x + g.centre_col() * geom.cell - t / 2,
                        geom.y + g.centre_row() * geom.cell - t / 2, geom.cell + t, geom.cell + t,
                        t, p.centre);
        py += geom.h() + 14;
        py += fonts.regular->draw_wrapped(cv, mask_why_text(g.type), px, py, kBodyPx, panel_w,
                                          p.text);
        if (rgb_view) {
            py += 16;
            py += draw_rgb_connectivity(cv, fonts, make_rgb_connectivity(g.type), px, py, panel_w);
            py += 12;
            py += fonts.regular->draw_wrapped(cv, rgb_why_text(g.type), px, py, kBodyPx, panel_w,
                                              p.text);
        }
        bottom = std::max(bottom, py);
    }
    y = bottom + 18;
    y += draw_legend(cv, fonts, mask_legend(), kMargin, y, width - 2 * kMargin);
    return crop_height(cv.take(), static_cast<int>(finish_height(y)));
}

// ---------------------------------------------------------------------------------------------
// 3. Receptive field / blind spot
FieldFigureOptions classic_blind_spot_options() {
    FieldFigureOptions o;
    o.spec.arch = Arch::MaskedStack;
    o.spec.layers = 3;
    o.spec.kernel = 3;
    o.spec.input_kernel = 3;
    o.height = o.width = 5;
    o.row = 3;
    o.col = 1;
    o.title = "The blind spot of stacked masked convolutions";
    return o;
}

namespace {

// "1 layer", "3 layers": a count with its noun in the right number.
std::string counted(int n, const char* singular, const char* plural) {
    return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

}  // namespace

std::string field_spec_text(const ArchSpec& s, int layers_shown) {
    const std::string k = std::to_string(s.kernel), ki = std::to_string(s.input_kernel);
    const int L = s.layers;
    std::string t;
    switch (s.arch) {
        case Arch::MaskedStack:
            // one convolution is the mask A layer alone; mask B only comes from the second on
            t = L == 1 ? "1 " + k + "\u00d7" + k + " masked convolution (mask A)"
                       : std::to_string(L) + " stacked " + k + "\u00d7" + k +
                             " masked convolutions (mask A first, then mask B)";
            break;
        case Arch::PixelCnn:
            t = ki + "\u00d7" + ki + " mask A input layer, " +
                counted(L, "residual block", "residual blocks") + " with " + k + "\u00d7" + k +
                " mask B";
            break;
        case Arch::RowLstm:
            t = ki + "\u00d7" + ki + " mask A input layer, " +
                counted(L, "Row LSTM layer", "Row LSTM layers") +
                " (1\u00d73 input-to-state, width-3 state-to-state)";
            break;
        case Arch::DiagBiLstm:
            t = ki + "\u00d7" + ki + " mask A input layer, " +
                counted(L, "Diagonal BiLSTM layer", "Diagonal BiLSTM layers") +
                " (both directions, row shift)";
            break;
        case Arch::Gated:
            t = ki + "\u00d7" + ki + " input stacks, " + counted(L, "gated layer", "gated layers") +
                " (vertical " + k + "\u00d7" + k + ", horizontal 1\u00d7" + k + ")";
            break;
    }
    if (layers_shown >= 0 && layers_shown < L)
        t += "; showing the field after " +
             (s.arch == Arch::MaskedStack
                  ? counted(layers_shown, "convolution", "convolutions")
                  : "the input layer and " + counted(layers_shown, "layer", "layers"));
    return t;
}

namespace {

std::string join_labels(const std::vector<std::string>& xs) {
    std::string s;
    for (size_t i = 0; i < xs.size(); ++i) {
        if (i > 0) s += i + 1 == xs.size() ? " and " : ", ";
        s += xs[i];
    }
    return s;
}

}  // namespace

std::string field_counts_text(const ReceptiveField& field, const std::vector<UnseenPixel>& why) {
    const int before = field.row * field.width + field.col;
    const int seen = field.count(PixelClass::Seen), blind = field.count(PixelClass::BlindSpot);
    int reach_count = 0;
    for (const auto& u : why) reach_count += u.layers_needed >= 0 ? 1 : 0;
    return std::to_string(seen) + " of " + counted(before, "earlier pixel", "earlier pixels") +
           " seen; " + std::to_string(blind - reach_count) + " in the blind spot" +
           (reach_count > 0 ? ", " + std::to_string(reach_count) + " out of reach at this depth"
                            : std::string());
}

std::string field_summary_text(const ReceptiveField& field, const std::vector<UnseenPixel>& why) {
    const int H = field.height, W = field.width, C = field.channels;
    const bool lettered = H * W <= 26;
    const std::string pl = pixel_label(field.row, field.col, H, W);
    const std::string pname =
        lettered ? pl + " (" + std::to_string(field.row) + "," + std::to_string(field.col) + ")"
                 : "pixel " + pl;
    const int before = field.row * W + field.col;
    const int blind = field.count(PixelClass::BlindSpot);
    int reach_count = 0;
    for (const auto& u : why) reach_count += u.layers_needed >= 0 ? 1 : 0;
    std::vector<std::string> blind_labels;
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c)
            if (field.at(r, c) == PixelClass::BlindSpot)
                blind_labels.push_back(pixel_label(r, c, H, W));
    std::string summary;
    if (blind == 0) {
        summary = pname + " sees every earlier pixel: no blind spot.";
    } else if (blind <= 8) {
        summary = pname + " sees every earlier pixel except " + join_labels(blind_labels) + ".";
    } else {
        summary = pname + " misses " + std::to_string(blind) + " of the " + std::to_string(before) +
                  " earlier pixels: " + std::to_string(blind - reach_count) +
                  " in the blind spot (cyan), " + std::to_string(reach_count) +
                  " out of reach of this depth (pale).";
    }
    if (!lettered) summary[0] = 'P';  // "pixel (r,c) ..." starts the sentence
    summary += " It never sees itself or any later pixel";
    if (C == 3) {
        std::vector<std::string> own;
        for (int ch = 0; ch < 3; ++ch)
            if (field.seen(field.row, field.col, ch)) own.push_back(channel_name(ch));
        summary += std::string("; channel ") + channel_name(field.channel) +
                   (own.empty() ? " sees no channel of its own pixel"
                                : " sees " + join_labels(own) + " of its own pixel");
    }
    summary += ".";
    if (C == 3) {
        // Earlier pixels seen in some channels only (e.g. the row boundary of the Diagonal
        // BiLSTM, where R and G of a pixel arrive through the input layer's mask-A centre tap).
        std::vector<std::string> parts;
        for (int i = 0; i < before; ++i) {
            const uint8_t bits = field.seen_channels[static_cast<size_t>(i)];
            if (bits == 0 || bits == 0b111) continue;
            std::vector<std::string> chans;
            for (int ch = 0; ch < 3; ++ch)
                if ((bits >> ch) & 1u) chans.push_back(channel_name(ch));
            parts.push_back(pixel_label(i / W, i % W, H, W) + " only in " + join_labels(chans));
        }
        if (!parts.empty() && parts.size() <= 4)
            summary += " Seen in part: " + join_labels(parts) + ".";
        else if (!parts.empty())
            summary += " " + std::to_string(parts.size()) + " earlier pixels are seen in part.";
    }
    return summary;
}

std::vector<std::string> field_reason_texts(const ReceptiveField& field,
                                            const std::vector<UnseenPixel>& why) {
    const int H = field.height, W = field.width;
    std::vector<std::string> out;
    // One sentence per kind of reason, for the unseen pixel of that kind nearest to p.
    for (const bool structural : {true, false}) {
        const UnseenPixel* best = nullptr;
        int best_d = 1 << 30;
        for (const auto& u : why) {
            if ((u.layers_needed < 0) != structural) continue;
            const int d = std::abs(u.row - field.row) + std::abs(u.col - field.col);
            if (d < best_d) {
                best_d = d;
                best = &u;
            }
        }
        if (!best) continue;
        const std::string who = pixel_label(best->row, best->col, H, W);
        out.push_back("Why is " + who + " not seen? " + best->text);
    }
    return out;
}

RgbaImage render_field_figure(const Fonts& fonts, const FieldFigureOptions& o) {
    const Palette& p = palette();
    const ReceptiveField field =
        receptive_field(o.spec, o.height, o.width, o.row, o.col, o.channel, o.layers_shown);
    const int H = o.height, W = o.width, C = o.spec.channels;
    const bool lettered = H * W <= 26;
    const std::string pl = pixel_label(o.row, o.col, H, W);
    const std::string pname =
        lettered ? pl + " (" + std::to_string(o.row) + "," + std::to_string(o.col) + ")"
                 : "pixel " + pl;

    const int width = 1100;
    Canvas cv(width, 3000, p.background);
    std::string title = o.title.empty()
                            ? std::string(arch_title(o.spec.arch)) + ": what " + pname + " sees"
                            : o.title;
    std::string sub = field_spec_text(o.spec, o.layers_shown) + "; image " + std::to_string(H) +
                      "\u00d7" + std::to_string(W);
    if (C == 3) sub += std::string(", output channel ") + channel_name(o.channel);
    float y = draw_title(cv, fonts, title, sub);

    // Unseen earlier pixels split into the true blind spot (no depth reaches them) and pixels
    // merely out of reach at this depth (a deeper stack would see them).
    const auto why = explain_unseen(o.spec, field);
    int reach_count = 0;
    for (const auto& u : why) reach_count += u.layers_needed >= 0 ? 1 : 0;

    GridGeom g;
    g.rows = H;
    g.cols = W;
    g.cell = std::clamp(std::floor(560.0f / std::max(H, W)), 12.0f, 84.0f);
    g.x = kMargin + 24;
    g.y = y + 22;
    std::vector<Rgba> fill = field_colours(field, &why);
    LogScale scale;
    int disagreements = 0;
    if (o.gradient) {
        // The engine's gradient instead of the classes: a log-scale heat map, p itself in red.
        const std::vector<float> mags = o.gradient->per_pixel();
        scale = fit_log_scale(mags, 6);
        for (size_t i = 0; i < mags.size(); ++i) fill[i] = scale.colour(mags[i], p.future);
        fill[static_cast<size_t>(o.row * W + o.col)] = p.self;
        disagreements =
            static_cast<int>(diff_fields(field, support_field(*o.gradient, o.layers_shown)).size());
    }
    draw_grid(cv, fonts, g, fill, lettered ? letter_labels(H, W) : std::vector<std::string>{});
    draw_axes(cv, fonts, g);
    // The predicted pixel gets a heavy outline so it reads in grey-scale prints too.
    const float t = std::max(2.0f, g.cell / 14);
    cv.outline_rect(g.x + o.col * g.cell - t / 2, g.y + o.row * g.cell - t / 2, g.cell + t,
                    g.cell + t, t, rgb(0x222222));
    if (C == 3 && g.cell >= 18) {
        // A white strip with one dot per input channel on the predicted pixel and on any pixel
        // seen only in part: filled when that channel is in the field (on p: G sees R, B sees R
        // and G, R sees none).
        const float d = g.cell / 9;
        for (int r = 0; r < H; ++r)
            for (int c = 0; c < W; ++c) {
                const uint8_t bits = field.seen_channels[static_cast<size_t>(r * W + c)];
                const bool target = r == o.row && c == o.col;
                if (!target && (bits == 0 || bits == 0b111)) continue;
                const float x0 = g.x + c * g.cell, y0 = g.y + (r + 1) * g.cell;
                const float in = target ? t : 1.0f;
                cv.fill_rect(x0 + in, y0 - 2.6f * d - in, g.cell - 2 * in, 2.6f * d, rgb(0xffffff));
                for (int ch = 0; ch < 3; ++ch) {
                    const float cxp = x0 + g.cell * (0.27f + 0.23f * ch), cyp = y0 - 1.3f * d - in;
                    if (field.seen(r, c, ch)) {
                        cv.fill_circle(cxp, cyp, d, p.channel[ch]);
                    } else {
                        cv.fill_circle(cxp, cyp, d, rgb(0x999999));
                        cv.fill_circle(cxp, cyp, d - 1.5f, rgb(0xffffff));
                    }
                }
            }
    }

    // Right column: legend and counts.
    const float rx = g.x + g.w() + 40;
    const float rw = width - kMargin - rx;
    float ry = g.y;
    fonts.bold->draw(cv, "Legend", rx, ry, kHeadPx, p.text);
    ry += fonts.bold->line_height(kHeadPx) + 8;
    for (const auto& e : o.gradient ? gradient_legend() : field_legend(reach_count > 0)) {
        ry += draw_legend(cv, fonts, {e}, rx, ry, rw) + 8;
    }
    if (C == 3) {
        ry += draw_legend(
            cv, fonts, {{p.channel[0], "R"}, {p.channel[1], "G"}, {p.channel[2], "B"}}, rx, ry, rw);
        ry += fonts.regular->draw_wrapped(cv,
                                          "(dots on the predicted pixel and on pixels seen in "
                                          "part: which input channels are in the field of "
                                          "output channel " +
                                              std::string(channel_name(o.channel)) + ")",
                                          rx, ry + 4, kSmallPx + 2, rw, rgb(0x555555)) +
              8;
    }
    if (o.gradient) {
        ry += 10;
        ry += fonts.regular->draw_wrapped(cv, gradient_scale_caption(), rx, ry, kSmallPx + 2, rw,
                                          p.text) +
              4;
        const int bar_w = static_cast<int>(std::min(rw, 300.0f));
        cv.blit(colour_bar_image(bar_w, 18), static_cast<int>(rx), static_cast<int>(ry));
        cv.outline_rect(rx, ry, static_cast<float>(bar_w), 18, 1.0f, rgb(0x555555));
        ry += 22;
        float last_right = -1e9f;
        for (const LegendTick& tick : scale.ticks()) {
            const float x = rx + tick.t * static_cast<float>(bar_w);
            cv.fill_rect(x - 0.5f, ry - 4, 1, 4, rgb(0x555555));
            const float w = fonts.regular->measure(tick.label, kSmallPx);
            if (x - w / 2 < last_right + 6) continue;
            fonts.regular->draw(cv, tick.label, x, ry, kSmallPx, rgb(0x555555), Align::Centre);
            last_right = x + w / 2;
        }
        ry += fonts.regular->line_height(kSmallPx) + 8;
        ry += fonts.regular->draw_wrapped(cv, agreement_text(*o.gradient, disagreements), rx, ry,
                                          kBodyPx - 1, rw,
                                          disagreements == 0 ? rgb(0x1a8c33) : rgb(0xbf1a1a));
    }
    ry += 14;
    ry += fonts.regular->draw_wrapped(
        cv,
        field_counts_text(field, why), rx, ry, kBodyPx, rw, p.text);
    y = std::max(g.y + g.h(), ry) + 24;

    // The sentences under the picture.
    const std::string summary = field_summary_text(field, why);
    y += fonts.regular->draw_wrapped(cv, summary, kMargin, y, kBodyPx + 1, width - 2 * kMargin,
                                     p.text);
    for (const std::string& reason : field_reason_texts(field, why)) {
        y += 8;
        y += fonts.regular->draw_wrapped(cv, reason, kMargin, y, kBodyPx, width - 2 * kMargin,
                                         rgb(0x333333));
    }
    return crop_height(cv.take(), static_cast<int>(finish_height(y)));
}

// ---------------------------------------------------------------------------------------------
// 4. Skew
namespace {

std::vector<std::string> scene_labels(const std::vector<SceneCell>& cells, int H, int W, float cell,
                                      const Fonts&) {
    std::vector<std::string> out(cells.size());
    const auto letters = letter_labels(H, W);
    for (size_t i = 0; i < cells.size(); ++i) {
        const int src = cells[i].source;
        if (src < 0) continue;
        if (H * W <= 26)
            out[i] = letters[static_cast<size_t>(src)];
        else if (cell >= 34)
            out[i] = std::to_string(src / W) + "," + std::to_string(src % W);
    }
    return out;
}

void draw_scene_grid(Canvas& cv, const Fonts& f, const GridGeom& g,
                     const std::vector<SceneCell>& cells, int H, int W) {
    std::vector<Rgba> fill;
    for (const auto& c : cells) fill.push_back(skew_state_colour(c.state));
    auto labels = scene_labels(cells, H, W, g.cell, f);
    if (H * W > 26) {
        // Small coordinate labels instead of big letters.
        draw_grid(cv, f, g, fill, {});
        const float px = std::min(g.cell * 0.28f, 18.0f);
        for (int r = 0; r < g.rows; ++r)
            for (int c = 0; c < g.cols; ++c) {
                const auto& s = labels[static_cast<size_t>(r * g.cols + c)];
                if (!s.empty())
                    f.regular->draw(cv, s, g.cx(c), g.cy(r) - f.regular->line_height(px) / 2, px,
                                    text_on(fill[static_cast<size_t>(r * g.cols + c)]),
                                    Align::Centre);
            }
    } else {
        draw_grid(cv, f, g, fill, labels);
    }
}

void draw_tap_arrows(Canvas& cv, const GridGeom& g, const std::vector<SceneArrow>& arrows) {
    const float inset = g.cell * 0.28f;
    for (const auto& a : arrows) {
        float x0 = g.cx(a.from.col), y0 = g.cy(a.from.row), x1 = g.cx(a.to.col),
              y1 = g.cy(a.to.row);
        const float dx = x1 - x0, dy = y1 - y0, len = std::sqrt(dx * dx + dy * dy);
        if (len < 1) continue;
        cv.arrow(x0 + dx / len * inset, y0 + dy / len * inset, x1 - dx / len * inset,
                 y1 - dy / len * inset, std::max(1.5f, g.cell / 26), std::max(7.0f, g.cell / 5.0f),
                 rgb(0x7b1fa2));
    }
}

}  // namespace

RgbaImage render_skew_figure(const Fonts& fonts, int H, int W, int step) {
    const Palette& p = palette();
    const SkewScene diag = make_skew_scene(SkewMode::Diagonal, H, W, step);
    const int row_step = std::min(step, H - 1);
    const SkewScene rows = make_skew_scene(SkewMode::Row, H, W, row_step);
    const int S = skewed_width(H, W);
    const int width = 1300;
    Canvas cv(width, 3000, p.background);
    float y = draw_title(
        cv, fonts,
        "The skew trick: Diagonal BiLSTM, step t = " + std::to_string(step) + " (of 0.." +
            std::to_string(diag.steps - 1) + ")",
        skew_intro_text());

    // Image (left) and skewed map (right) share one cell size.
    const float avail = width - 2 * kMargin - 80;
    const float cell = std::clamp(std::floor(avail / static_cast<float>(W + S)), 8.0f, 64.0f);
    GridGeom gi{kMargin + 10, y + 34, cell, H, W};
    GridGeom gs{gi.x + gi.w() + 80, y + 34, cell, H, S};
    fonts.bold->draw(cv, "Image " + std::to_string(H) + "\u00d7" + std::to_string(W), gi.x, y,
                     kHeadPx, p.text);
    fonts.bold->draw(cv, "Skewed " + std::to_string(H) + "\u00d7" + std::to_string(S), gs.x, y,
                     kHeadPx, p.text);
    draw_scene_grid(cv, fonts, gi, diag.unskewed, H, W);
    draw_scene_grid(cv, fonts, gs, diag.cells, H, W);
    // The column being computed.
    const float t = std::max(2.0f, cell / 12);
    cv.outline_rect(gs.x + step * cell - t / 2, gs.y - t / 2, cell + t, gs.h() + t, t,
                    rgb(0xb36b00));
    draw_tap_arrows(cv, gs, diag.taps);
    // Same taps in image coordinates: above and left.
    std::vector<SceneArrow> unskewed_taps;
    for (const Cell& px : pixels_at_step(H, W, step))
        for (const StateTap& tap : diagonal_state_taps(H, W, px.row, px.col))
            if (tap.valid) unskewed_taps.push_back({tap.pixel, px});
    draw_tap_arrows(cv, gi, unskewed_taps);
    // The shift arrow between the two grids.
    cv.arrow(gi.x + gi.w() + 16, gi.y + gi.h() / 2, gs.x - 16, gs.y + gs.h() / 2, 3.0f, 14.0f,
             rgb(0x555555));
    fonts.regular->draw(cv, "skew", (gi.x + gi.w() + gs.x) / 2, gi.y + gi.h() / 2 - 26,
                        kSmallPx + 1, rgb(0x555555), Align::Centre);
    y = gi.y + std::max(gi.h(), gs.h()) + 14;
    y += fonts.regular->draw_wrapped(cv, diag.caption, kMargin, y, kBodyPx, width - 2 * kMargin,
                                     p.text);
    y += fonts.regular->draw_wrapped(
        cv,
        skew_unskew_text(),
        kMargin, y + 4, kBodyPx, width - 2 * kMargin, rgb(0x333333));
    y += 30;

    // Row LSTM for contrast.
    fonts.bold->draw(cv,
                     "For contrast: Row LSTM, step t = " + std::to_string(row_step) + " (of 0.." +
                         std::to_string(rows.steps - 1) + ")",
                     kMargin, y, kHeadPx, p.text);
    y += fonts.bold->line_height(kHeadPx) + 10;
    GridGeom gr{kMargin + 10, y, cell, H, W};
    draw_scene_grid(cv, fonts, gr, rows.cells, H, W);
    // The three taps of one pixel (the middle of the row) keep the picture readable.
    std::vector<SceneArrow> row_taps;
    for (const auto& a : rows.taps)
        if (a.to.col == W / 2) row_taps.push_back(a);
    draw_tap_arrows(cv, gr, row_taps);
    const float tx = gr.x + gr.w() + 30;
    float ty = gr.y;
    ty += fonts.regular->draw_wrapped(cv, rows.caption, tx, ty, kBodyPx, width - kMargin - tx,
                                      p.text);
    ty += fonts.regular->draw_wrapped(
        cv,
        skew_contrast_text(),
        tx, ty + 8, kBodyPx, width - kMargin - tx, rgb(0x333333));
    y = std::max(gr.y + gr.h(), ty) + 22;
    y += draw_legend(cv, fonts, skew_legend(), kMargin, y, width - 2 * kMargin);
    return crop_height(cv.take(), static_cast<int>(finish_height(y)));
}

}  // namespace ps::viz
