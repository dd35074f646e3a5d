// Sections: 1. partial samples  2. mosaic  3. context overlay  4. sentences
#include "viz/sampling_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ps::viz {

namespace {

std::string fixed(double v, int digits) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string with_commas(long long n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string size_text(const SampleLayout& l) {
    return std::to_string(l.height) + "\u00d7" + std::to_string(l.width);
}

std::uint8_t to_byte(float v, bool binary) {
    const float b = binary ? v * 255.f : v;
    return std::uint8_t(std::clamp(std::lround(b), 0L, 255L));
}

}  // namespace

// --- 1. partial samples -------------------------------------------------------------------------

Rgba undrawn_colour() {
    return rgb(0xc9d1dc);
}
Rgba paper_colour() {
    return rgb(0xffffff);
}
Rgba ink_colour() {
    return rgb(0x111827);
}

std::vector<Rgba> partial_sample_colours(const float* image, const SampleLayout& l,
                                         long long drawn) {
    const int C = l.channels, H = l.height, W = l.width;
    const std::size_t plane = std::size_t(H) * W;
    std::vector<Rgba> out(plane, undrawn_colour());
    for (int p = 0; p < H * W; ++p) {
        const long long first = (long long)p * C;
        if (first >= drawn) break;  // raster order: nothing after this is drawn either
        if (C == 1) {
            const std::uint8_t v = to_byte(image[p], l.binary);
            out[std::size_t(p)] = mix(paper_colour(), ink_colour(), float(v) / 255.f);
        } else {
            std::uint8_t ch[3] = {0, 0, 0};
            for (int c = 0; c < 3; ++c)
                if (first + c < drawn) ch[c] = to_byte(image[std::size_t(c) * plane + p], l.binary);
            out[std::size_t(p)] = Rgba{ch[0], ch[1], ch[2], 255};
        }
    }
    return out;
}

// --- 2. mosaic ----------------------------------------------------------------------------------

int Mosaic::image_at(int row, int col) const {
    if (row < 1 || col < 1) return -1;
    const int r = (row - 1) / (cell_h + 1), c = (col - 1) / (cell_w + 1);
    if ((row - 1) % (cell_h + 1) == cell_h || (col - 1) % (cell_w + 1) == cell_w) return -1;
    const int i = r * cols + c;
    return r < rows && c < cols && i < count ? i : -1;
}

Mosaic mosaic_layout(int count, int height, int width) {
    Mosaic m;
    m.count = std::max(count, 1);
    m.cols = int(std::ceil(std::sqrt(double(m.count)) - 1e-9));
    m.rows = (m.count + m.cols - 1) / m.cols;
    m.cell_h = height;
    m.cell_w = width;
    m.width = m.cols * (width + 1) + 1;
    m.height = m.rows * (height + 1) + 1;
    return m;
}

Rgba gutter_colour() {
    return rgb(0xe9ecf0);
}

std::vector<Rgba> mosaic_colours(const float* images, const SampleLayout& l, int count,
                                 long long drawn, int selected) {
    const Mosaic m = mosaic_layout(count, l.height, l.width);
    std::vector<Rgba> out(std::size_t(m.width) * m.height, gutter_colour());
    const std::size_t image_size = std::size_t(l.positions());
    for (int i = 0; i < count; ++i) {
        const std::vector<Rgba> one =
            partial_sample_colours(images + image_size * std::size_t(i), l, drawn);
        const int top = m.top(i), left = m.left(i);
        for (int y = 0; y < l.height; ++y)
            for (int x = 0; x < l.width; ++x)
                out[std::size_t(top + y) * m.width + std::size_t(left + x)] =
                    one[std::size_t(y) * l.width + x];
        if (i != selected) continue;
        // the selected image's frame: the gutter ring around it
        for (int y = top - 1; y <= top + l.height; ++y)
            for (int x = left - 1; x <= left + l.width; ++x)
                if (y == top - 1 || y == top + l.height || x == left - 1 || x == left + l.width)
                    out[std::size_t(y) * m.width + std::size_t(x)] = palette().self;
    }
    return out;
}

// --- 3. context overlay -------------------------------------------------------------------------

Rgba context_colour() {
    return rgb(0x2f5fb3);
}
Rgba unseen_colour() {
    return rgb(0x00c2d1);
}

ContextOverlay context_overlay(const ReceptiveField& f) {
    ContextOverlay o;
    o.rgba.assign(std::size_t(f.height) * f.width * 4, 0);
    for (int r = 0; r < f.height; ++r)
        for (int c = 0; c < f.width; ++c) {
            const PixelClass k = f.at(r, c);
            if (k != PixelClass::Seen && k != PixelClass::BlindSpot) continue;
            ++o.earlier;
            const bool seen = k == PixelClass::Seen;
            o.seen += seen ? 1 : 0;
            const Rgba t = seen ? context_colour() : unseen_colour();
            std::uint8_t* px = o.rgba.data() + (std::size_t(r) * f.width + c) * 4;
            px[0] = t.r;
            px[1] = t.g;
            px[2] = t.b;
            px[3] = seen ? 105 : 80;  // strong enough to read over ink, light enough to see it
        }
    return o;
}

ArchSpec engine_arch_spec(const std::string& arch, int layers, int channels) {
    Arch a;
    if (!parse_arch(arch, a) || a == Arch::MaskedStack)
        throw std::invalid_argument("engine_arch_spec: '" + arch + "' is not an engine model");
    ArchSpec s = canonical_spec(a, channels);
    s.layers = layers;
    return s;
}

// --- 4. sentences -------------------------------------------------------------------------------

std::string sampling_intro_text(const SampleLayout& l) {
    const std::string steps = with_commas(l.positions());
    if (l.channels == 1)
        return "Generation runs in raster order, row by row, left to right: each pixel is drawn "
               "from the model's prediction given every pixel drawn before it, so this " +
               size_text(l) + " image takes " + steps + " steps.";
    return "Generation runs in raster order and, inside a pixel, R then G then B: each value is "
           "drawn from the model's prediction given everything drawn before it, so this " +
           size_text(l) + " colour image takes " + steps + " steps.";
}

std::string prediction_text(const SampleLayout& l, const std::vector<float>& dist, float drawn,
                            double temperature) {
    if (dist.empty()) return "No prediction yet: press Step (or \u2192) to draw the first pixel.";
    const std::string t =
        std::abs(temperature - 1.0) < 1e-9 ? "" : " (at temperature " + fixed(temperature, 2) + ")";
    if (l.binary) {
        const double p = dist[0];
        const bool white = drawn > 0.5f;
        const bool likelier = (p >= 0.5) == white;
        return "The model gives p(ink) = " + fixed(p, 3) + t + ". The sampler drew " +
               (white ? "ink (1)" : "paper (0)") + (likelier ? "" : ", the less likely value") +
               ": it draws at random with these odds, it does not pick the likelier value.";
    }
    const int v = int(std::lround(drawn));
    const auto top = std::max_element(dist.begin(), dist.end());
    const int mode = int(top - dist.begin());
    return "A 256-way softmax over the values 0..255" + t + ". The sampler drew " +
           std::to_string(v) + " (probability " +
           fixed(dist[std::size_t(std::clamp(v, 0, 255))], 3) + "); the most likely value is " +
           std::to_string(mode) + " (" + fixed(*top, 3) + ").";
}

std::string context_text(const ContextOverlay& o, const std::string& arch_title) {
    if (o.earlier == 0)
        return "It is the first pixel: nothing is drawn before it, so the model predicts it from "
               "no context at all (its biases).";
    std::string s = "It sees " + with_commas(o.seen) + " of the " + with_commas(o.earlier) +
                    " pixels drawn before it (blue): its receptive field in this " + arch_title +
                    ".";
    if (o.unseen() > 0)
        s += " The other " + with_commas(o.unseen()) +
             " (cyan) are out of its reach or in its blind spot: they shape the image, but not "
             "this prediction.";
    else
        s += " It sees every earlier pixel.";
    return s;
}

std::string caching_text(const SampleLayout& l) {
    return "Naive runs the whole network at every step: " + with_commas(l.positions()) +
           " full passes per image. Cached keeps every layer's activations and computes only the "
           "new pixel: about one pass per image" +
           (l.channels == 3 ? " and channel" : "") + ", same draws.";
}

std::string naive_cost_text(const SampleLayout& l) {
    return "Naive: every step runs the whole network on the whole image, " +
           with_commas(l.positions()) + " full passes for one " + size_text(l) +
           " image, recomputing activations that did not change.";
}

std::string cached_cost_text(const SampleLayout& l) {
    return "Cached: each layer's activation at each pixel is computed once and kept; a step "
           "computes only the new pixel, from the cached activations above and to its left. "
           "The whole " +
           size_text(l) + " image costs about one forward pass" +
           (l.channels == 3 ? " per channel" : "") + ". Same draws, same pixels.";
}

std::string temperature_text(double t, bool binary) {
    const std::string f = binary ? "sigmoid" : "softmax";
    if (std::abs(t - 1.0) < 1e-9)
        return "Temperature 1: the model's own distribution. Below 1 it sharpens (cleaner, less "
               "varied), above 1 it flattens (noisier).";
    return "Temperature " + fixed(t, 2) + " divides the logits by " + fixed(t, 2) + " before the " +
           f + ": " +
           (t < 1 ? "sharper odds, cleaner but less varied samples."
                  : "flatter odds, noisier samples.");
}

std::string completion_text(int test_index, int rows_kept, int height, int count) {
    return "The top " + std::to_string(rows_kept) + " of " + std::to_string(height) +
           " rows come from test image #" + std::to_string(test_index) +
           " and are kept bit for bit (above the line); the model draws the rest, " +
           std::to_string(count) + (count == 1 ? " time" : " times") +
           ", each with its own random draws: different endings, all conditioned on the same top.";
}

std::string untrained_text() {
    return "Untrained model: its weights are random, so its predictions mean nothing and its "
           "samples are noise. Train one on the Training tab (or File > Load checkpoint) and it "
           "is used here.";
}

}  // namespace ps::viz
