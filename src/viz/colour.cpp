#include "viz/colour.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ps::viz {

Rgba rgb(uint32_t hex) {
    return {static_cast<uint8_t>((hex >> 16) & 0xff), static_cast<uint8_t>((hex >> 8) & 0xff),
            static_cast<uint8_t>(hex & 0xff), 255};
}

Rgba mix(Rgba a, Rgba b, float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    auto m = [t](uint8_t x, uint8_t y) {
        return static_cast<uint8_t>(std::lround(x + (y - x) * static_cast<double>(t)));
    };
    return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), m(a.a, b.a)};
}

float luminance(Rgba c) {
    auto lin = [](uint8_t v) {
        double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return static_cast<float>(0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b));
}

RgbaImage::RgbaImage(int w, int h, Rgba fill) : width(w), height(h) {
    if (w < 0 || h < 0)
        throw std::invalid_argument("RgbaImage: negative size " + std::to_string(w) + "x" +
                                    std::to_string(h));
    pixels.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    for (size_t i = 0; i < pixels.size(); i += 4) {
        pixels[i] = fill.r;
        pixels[i + 1] = fill.g;
        pixels[i + 2] = fill.b;
        pixels[i + 3] = fill.a;
    }
}

Rgba RgbaImage::get(int x, int y) const {
    const size_t i =
        (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4;
    return {pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]};
}

void RgbaImage::set(int x, int y, Rgba c) {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const size_t i =
        (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4;
    pixels[i] = c.r;
    pixels[i + 1] = c.g;
    pixels[i + 2] = c.b;
    pixels[i + 3] = c.a;
}

// ---------------------------------------------------------------------------------------------
// Nine control points of viridis (van der Walt & Smith), linearly interpolated in sRGB, read as
// a 256-entry table (t is quantised to 1/255, like an 8-bit texture). Luminance rises along the
// table; without the quantisation 8-bit rounding could dip it by ~1e-4 between very close t.
Rgba colour_map(float t) {
    static const uint32_t points[] = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c,
                                      0x28ae80, 0x5ec962, 0xaddc30, 0xfde725};
    constexpr int n = sizeof(points) / sizeof(points[0]);
    if (!(t > 0.0f)) t = 0.0f;  // also catches NaN
    if (t > 1.0f) t = 1.0f;
    t = std::round(t * 255.0f) / 255.0f;
    const float x = t * (n - 1);
    const int i = std::min(static_cast<int>(x), n - 2);
    return mix(rgb(points[i]), rgb(points[i + 1]), x - static_cast<float>(i));
}

float LogScale::position(float v) const {
    if (!(v > 0.0f)) return -1.0f;
    const double a = std::log10(static_cast<double>(lo)), b = std::log10(static_cast<double>(hi));
    if (b <= a) return 1.0f;
    return static_cast<float>(
        std::clamp((std::log10(static_cast<double>(v)) - a) / (b - a), 0.0, 1.0));
}

Rgba LogScale::colour(float v, Rgba zero) const {
    const float t = position(v);
    return t < 0.0f ? zero : colour_map(t);
}

std::vector<LegendTick> LogScale::ticks() const {
    std::vector<LegendTick> out;
    auto label = [](float v) {
        char buf[32];
        const double e = std::log10(static_cast<double>(v));
        if (std::fabs(e - std::round(e)) < 1e-6)
            std::snprintf(buf, sizeof buf, "1e%d", static_cast<int>(std::lround(e)));
        else
            std::snprintf(buf, sizeof buf, "%.2g", static_cast<double>(v));
        return std::string(buf);
    };
    out.push_back({position(lo), lo, label(lo)});
    const int e0 = static_cast<int>(std::ceil(std::log10(static_cast<double>(lo)) - 1e-9));
    const int e1 = static_cast<int>(std::floor(std::log10(static_cast<double>(hi)) + 1e-9));
    for (int e = e0; e <= e1; ++e) {
        const float v = static_cast<float>(std::pow(10.0, e));
        if (std::fabs(position(v) - out.back().t) < 1e-4f) continue;
        out.push_back({position(v), v, label(v)});
    }
    if (std::fabs(position(hi) - out.back().t) > 1e-4f) out.push_back({1.0f, hi, label(hi)});
    return out;
}

LogScale fit_log_scale(const std::vector<float>& values, int decades) {
    float hi = 0.0f, lo_pos = 0.0f;
    for (float v : values) {
        if (!(v > 0.0f)) continue;
        hi = std::max(hi, v);
        lo_pos = lo_pos == 0.0f ? v : std::min(lo_pos, v);
    }
    LogScale s;
    if (hi <= 0.0f) return s;  // nothing positive: the default 1e-6..1
    s.hi = hi;
    s.lo = std::max(lo_pos, hi * static_cast<float>(std::pow(10.0, -decades)));
    if (s.lo >= s.hi) s.lo = s.hi / 10.0f;
    return s;
}

// ---------------------------------------------------------------------------------------------
const Palette& palette() {
    static const Palette p;
    return p;
}

Rgba class_colour(PixelClass k) {
    const Palette& p = palette();
    switch (k) {
        case PixelClass::Seen:
            return p.seen;
        case PixelClass::BlindSpot:
            return p.blind_spot;
        case PixelClass::Self:
            return p.self;
        case PixelClass::Future:
            return p.future;
    }
    return p.future;
}

std::vector<LegendEntry> field_legend(bool with_reach) {
    const Palette& p = palette();
    std::vector<LegendEntry> out = {
        {p.seen, "seen"},
        {p.blind_spot, with_reach ? "blind spot (never seen)" : "blind spot (earlier, not seen)"},
        {p.self, "predicted pixel"},
        {p.future, "future (not yet generated)"}};
    if (with_reach) out.insert(out.begin() + 2, {p.out_of_reach, "out of reach at this depth"});
    return out;
}

std::vector<LegendEntry> mask_legend() {
    const Palette& p = palette();
    return {{p.kept, "weight kept"}, {p.dropped, "weight masked to 0"}, {p.centre, "centre tap"}};
}

std::vector<LegendEntry> skew_legend() {
    const Palette& p = palette();
    return {{p.done, "computed"},
            {p.current, "computed now (in parallel)"},
            {p.pending, "waiting"},
            {p.padding, "padding"}};
}

std::vector<Rgba> field_colours(const ReceptiveField& f, const std::vector<UnseenPixel>* why) {
    std::vector<Rgba> out;
    out.reserve(f.classes.size());
    for (PixelClass k : f.classes) out.push_back(class_colour(k));
    if (why)
        for (const auto& u : *why)
            if (u.layers_needed >= 0)
                out[static_cast<size_t>(u.row * f.width + u.col)] = palette().out_of_reach;
    return out;
}

std::vector<Rgba> mask_colours(const MaskGrid& m) {
    std::vector<Rgba> out;
    out.reserve(m.kept.size());
    for (bool k : m.kept) out.push_back(k ? palette().kept : palette().dropped);
    return out;
}

Rgba skew_state_colour(CellState s) {
    const Palette& p = palette();
    switch (s) {
        case CellState::Padding:
            return p.padding;
        case CellState::Pending:
            return p.pending;
        case CellState::Current:
            return p.current;
        case CellState::Done:
            return p.done;
    }
    return p.padding;
}

RgbaImage heat_map_image(const std::vector<float>& values, int H, int W, const LogScale& scale,
                         int block) {
    if (values.size() != static_cast<size_t>(H * W) || block < 1)
        throw std::invalid_argument("heat_map_image: " + std::to_string(values.size()) +
                                    " values for " + std::to_string(H) + "x" + std::to_string(W) +
                                    ", block " + std::to_string(block));
    RgbaImage img(W * block, H * block);
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c) {
            const Rgba col = scale.colour(values[static_cast<size_t>(r * W + c)], palette().future);
            for (int dy = 0; dy < block; ++dy)
                for (int dx = 0; dx < block; ++dx) img.set(c * block + dx, r * block + dy, col);
        }
    return img;
}

RgbaImage colour_bar_image(int width, int height) {
    RgbaImage img(width, height);
    for (int x = 0; x < width; ++x) {
        const Rgba c =
            colour_map(width > 1 ? static_cast<float>(x) / static_cast<float>(width - 1) : 0.0f);
        for (int y = 0; y < height; ++y) img.set(x, y, c);
    }
    return img;
}

std::vector<std::string> letter_labels(int H, int W) {
    std::vector<std::string> out(static_cast<size_t>(std::max(0, H * W)));
    if (H * W > 26) return out;
    for (int i = 0; i < H * W; ++i)
        out[static_cast<size_t>(i)] = std::string(1, static_cast<char>('a' + i));
    return out;
}

RgbaImage tile_images(const std::vector<std::vector<float>>& images, int rows, int cols,
                      int columns, int pad, int scale, bool use_colour_map) {
    if (rows < 1 || cols < 1 || columns < 1 || pad < 0 || scale < 1)
        throw std::invalid_argument(
            "tile_images: bad layout rows=" + std::to_string(rows) +
            " cols=" + std::to_string(cols) + " columns=" + std::to_string(columns) +
            " pad=" + std::to_string(pad) + " scale=" + std::to_string(scale));
    const int n = static_cast<int>(images.size());
    const int grid_cols = std::min(columns, std::max(1, n));
    const int grid_rows = std::max(1, (n + columns - 1) / columns);
    const int tw = cols * scale, th = rows * scale;
    RgbaImage img(grid_cols * tw + (grid_cols + 1) * pad, grid_rows * th + (grid_rows + 1) * pad,
                  rgb(0x808080));
    for (int k = 0; k < n; ++k) {
        const auto& im = images[static_cast<size_t>(k)];
        if (im.size() != static_cast<size_t>(rows * cols))
            throw std::invalid_argument("tile_images: image " + std::to_string(k) + " has " +
                                        std::to_string(im.size()) + " values, expected " +
                                        std::to_string(rows * cols));
        const int x0 = pad + (k % columns) * (tw + pad), y0 = pad + (k / columns) * (th + pad);
        for (int r = 0; r < rows; ++r) {
            for (int c = 0; c < cols; ++c) {
                const float v = std::clamp(im[static_cast<size_t>(r * cols + c)], 0.0f, 1.0f);
                const uint8_t g = static_cast<uint8_t>(std::lround(v * 255.0f));
                const Rgba colour = use_colour_map ? colour_map(v) : Rgba{g, g, g, 255};
                for (int dy = 0; dy < scale; ++dy)
                    for (int dx = 0; dx < scale; ++dx)
                        img.set(x0 + c * scale + dx, y0 + r * scale + dy, colour);
            }
        }
    }
    return img;
}

}  // namespace ps::viz
