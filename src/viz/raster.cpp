// Index: 1. Canvas primitives  2. Font (stb_truetype)  3. Font lookup
#include "viz/raster.hpp"

#include <stb_truetype.h>  // implementation compiled into Debian's libstb

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace ps::viz {

// ---------------------------------------------------------------------------------------------
// 1. Canvas primitives
Canvas::Canvas(int width, int height, Rgba background) : m_image(width, height, background) {}

void Canvas::blend(int x, int y, Rgba c, float coverage) {
    if (x < 0 || y < 0 || x >= m_image.width || y >= m_image.height) return;
    const float a = std::clamp(coverage, 0.0f, 1.0f) * (c.a / 255.0f);
    if (a <= 0.0f) return;
    Rgba d = m_image.get(x, y);
    auto over = [a](uint8_t src, uint8_t dst) {
        return static_cast<uint8_t>(std::lround(src * a + dst * (1.0f - a)));
    };
    m_image.set(x, y,
                {over(c.r, d.r), over(c.g, d.g), over(c.b, d.b),
                 static_cast<uint8_t>(std::lround(255.0f * a + d.a * (1.0f - a)))});
}

// Coverage of a pixel by [x, x+w) x [y, y+h): the overlap area, so fractional edges blend.
void Canvas::fill_rect(float x, float y, float w, float h, Rgba c) {
    if (w <= 0 || h <= 0) return;
    const int x0 = std::max(0, static_cast<int>(std::floor(x)));
    const int y0 = std::max(0, static_cast<int>(std::floor(y)));
    const int x1 = std::min(m_image.width, static_cast<int>(std::ceil(x + w)));
    const int y1 = std::min(m_image.height, static_cast<int>(std::ceil(y + h)));
    for (int py = y0; py < y1; ++py) {
        const float cy = std::min(py + 1.0f, y + h) - std::max(static_cast<float>(py), y);
        for (int px = x0; px < x1; ++px) {
            const float cx = std::min(px + 1.0f, x + w) - std::max(static_cast<float>(px), x);
            blend(px, py, c, cx * cy);
        }
    }
}

void Canvas::outline_rect(float x, float y, float w, float h, float t, Rgba c) {
    fill_rect(x, y, w, t, c);
    fill_rect(x, y + h - t, w, t, c);
    fill_rect(x, y + t, t, h - 2 * t, c);
    fill_rect(x + w - t, y + t, t, h - 2 * t, c);
}

// Anti-aliased thick segment: coverage from the distance of the pixel centre to the segment.
void Canvas::line(float x0, float y0, float x1, float y1, float thickness, Rgba c) {
    const float r = thickness / 2.0f;
    const int bx0 = std::max(0, static_cast<int>(std::floor(std::min(x0, x1) - r - 1)));
    const int by0 = std::max(0, static_cast<int>(std::floor(std::min(y0, y1) - r - 1)));
    const int bx1 =
        std::min(m_image.width - 1, static_cast<int>(std::ceil(std::max(x0, x1) + r + 1)));
    const int by1 =
        std::min(m_image.height - 1, static_cast<int>(std::ceil(std::max(y0, y1) + r + 1)));
    const float dx = x1 - x0, dy = y1 - y0;
    const float len2 = dx * dx + dy * dy;
    for (int py = by0; py <= by1; ++py) {
        for (int px = bx0; px <= bx1; ++px) {
            const float qx = px + 0.5f - x0, qy = py + 0.5f - y0;
            float t = len2 > 0 ? (qx * dx + qy * dy) / len2 : 0.0f;
            t = std::clamp(t, 0.0f, 1.0f);
            const float ex = qx - t * dx, ey = qy - t * dy;
            const float d = std::sqrt(ex * ex + ey * ey);
            blend(px, py, c, std::clamp(r + 0.5f - d, 0.0f, 1.0f));
        }
    }
}

void Canvas::fill_triangle(float ax, float ay, float bx, float by, float cx, float cy, Rgba c) {
    const int x0 = std::max(0, static_cast<int>(std::floor(std::min({ax, bx, cx}))));
    const int y0 = std::max(0, static_cast<int>(std::floor(std::min({ay, by, cy}))));
    const int x1 = std::min(m_image.width - 1, static_cast<int>(std::ceil(std::max({ax, bx, cx}))));
    const int y1 =
        std::min(m_image.height - 1, static_cast<int>(std::ceil(std::max({ay, by, cy}))));
    auto edge = [](float px, float py, float qx, float qy, float x, float y) {
        return (qx - px) * (y - py) - (qy - py) * (x - px);
    };
    const float area = edge(ax, ay, bx, by, cx, cy);
    if (std::fabs(area) < 1e-6f) return;
    // 4x4 supersampling for smooth edges.
    for (int py = y0; py <= y1; ++py) {
        for (int px = x0; px <= x1; ++px) {
            int inside = 0;
            for (int s = 0; s < 16; ++s) {
                const float x = px + (s % 4 + 0.5f) / 4.0f, y = py + (s / 4 + 0.5f) / 4.0f;
                const float w0 = edge(bx, by, cx, cy, x, y), w1 = edge(cx, cy, ax, ay, x, y),
                            w2 = edge(ax, ay, bx, by, x, y);
                if (area > 0 ? (w0 >= 0 && w1 >= 0 && w2 >= 0) : (w0 <= 0 && w1 <= 0 && w2 <= 0))
                    ++inside;
            }
            if (inside) blend(px, py, c, inside / 16.0f);
        }
    }
}

void Canvas::arrow(float x0, float y0, float x1, float y1, float thickness, float head, Rgba c) {
    const float dx = x1 - x0, dy = y1 - y0;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1e-3f) return;
    const float ux = dx / len, uy = dy / len;
    const float hl = std::min(head, len * 0.6f);
    const float bx = x1 - ux * hl, by = y1 - uy * hl;  // base of the head
    line(x0, y0, bx + ux * 0.5f, by + uy * 0.5f, thickness, c);
    const float hw = hl * 0.55f;
    fill_triangle(x1, y1, bx - uy * hw, by + ux * hw, bx + uy * hw, by - ux * hw, c);
}

void Canvas::fill_circle(float cx, float cy, float radius, Rgba c) {
    const int x0 = std::max(0, static_cast<int>(std::floor(cx - radius - 1)));
    const int y0 = std::max(0, static_cast<int>(std::floor(cy - radius - 1)));
    const int x1 = std::min(m_image.width - 1, static_cast<int>(std::ceil(cx + radius + 1)));
    const int y1 = std::min(m_image.height - 1, static_cast<int>(std::ceil(cy + radius + 1)));
    for (int py = y0; py <= y1; ++py)
        for (int px = x0; px <= x1; ++px) {
            const float d = std::hypot(px + 0.5f - cx, py + 0.5f - cy);
            blend(px, py, c, std::clamp(radius + 0.5f - d, 0.0f, 1.0f));
        }
}

void Canvas::blit(const RgbaImage& src, int x, int y, int scale) {
    for (int sy = 0; sy < src.height; ++sy)
        for (int sx = 0; sx < src.width; ++sx) {
            const Rgba c = src.get(sx, sy);
            for (int dy = 0; dy < scale; ++dy)
                for (int dx = 0; dx < scale; ++dx)
                    blend(x + sx * scale + dx, y + sy * scale + dy, c, 1.0f);
        }
}

// ---------------------------------------------------------------------------------------------
// 2. Font
struct Font::Impl {
    std::vector<unsigned char> data;
    stbtt_fontinfo info{};
};

Font::~Font() = default;

std::unique_ptr<Font> Font::load(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot open font file";
        return nullptr;
    }
    std::unique_ptr<Font> f(new Font());
    f->m_impl = std::make_unique<Impl>();
    f->m_impl->data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    const int offset = stbtt_GetFontOffsetForIndex(f->m_impl->data.data(), 0);
    if (f->m_impl->data.size() < 12 || offset < 0 ||
        !stbtt_InitFont(&f->m_impl->info, f->m_impl->data.data(), offset)) {
        error = path + ": not a TrueType font stb_truetype can read";
        return nullptr;
    }
    return f;
}

namespace {
// UTF-8 -> code points (invalid bytes become U+FFFD).
std::vector<int> decode_utf8(const std::string& s) {
    std::vector<int> out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char b = static_cast<unsigned char>(s[i]);
        int cp = 0xFFFD, len = 1;
        if (b < 0x80) {
            cp = b;
        } else if ((b >> 5) == 0x6 && i + 1 < s.size()) {
            cp = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
            len = 2;
        } else if ((b >> 4) == 0xE && i + 2 < s.size()) {
            cp = ((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            len = 3;
        } else if ((b >> 3) == 0x1E && i + 3 < s.size()) {
            cp = ((b & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
                 (s[i + 3] & 0x3F);
            len = 4;
        }
        out.push_back(cp);
        i += static_cast<size_t>(len);
    }
    return out;
}
}  // namespace

float Font::measure(const std::string& utf8, float px) const {
    const float scale = stbtt_ScaleForPixelHeight(&m_impl->info, px);
    const auto cps = decode_utf8(utf8);
    float w = 0;
    for (size_t i = 0; i < cps.size(); ++i) {
        int adv = 0, lsb = 0;
        stbtt_GetCodepointHMetrics(&m_impl->info, cps[i], &adv, &lsb);
        w += adv * scale;
        if (i + 1 < cps.size())
            w += stbtt_GetCodepointKernAdvance(&m_impl->info, cps[i], cps[i + 1]) * scale;
    }
    return w;
}

float Font::line_height(float px) const {
    const float scale = stbtt_ScaleForPixelHeight(&m_impl->info, px);
    int ascent = 0, descent = 0, gap = 0;
    stbtt_GetFontVMetrics(&m_impl->info, &ascent, &descent, &gap);
    return (ascent - descent + gap) * scale;
}

void Font::draw(Canvas& canvas, const std::string& utf8, float x, float y, float px, Rgba colour,
                Align align) const {
    const float scale = stbtt_ScaleForPixelHeight(&m_impl->info, px);
    int ascent = 0, descent = 0, gap = 0;
    stbtt_GetFontVMetrics(&m_impl->info, &ascent, &descent, &gap);
    if (align != Align::Left) {
        const float w = measure(utf8, px);
        x -= align == Align::Centre ? w / 2.0f : w;
    }
    const float baseline = y + ascent * scale;
    const auto cps = decode_utf8(utf8);
    float pen = x;
    std::vector<unsigned char> bitmap;
    for (size_t i = 0; i < cps.size(); ++i) {
        int adv = 0, lsb = 0;
        stbtt_GetCodepointHMetrics(&m_impl->info, cps[i], &adv, &lsb);
        // Render each glyph at its sub-pixel x offset so spacing stays even.
        const float shift = pen - std::floor(pen);
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetCodepointBitmapBoxSubpixel(&m_impl->info, cps[i], scale, scale, shift, 0.0f, &x0,
                                            &y0, &x1, &y1);
        const int gw = x1 - x0, gh = y1 - y0;
        if (gw > 0 && gh > 0) {
            bitmap.assign(static_cast<size_t>(gw * gh), 0);
            stbtt_MakeCodepointBitmapSubpixel(&m_impl->info, bitmap.data(), gw, gh, gw, scale,
                                              scale, shift, 0.0f, cps[i]);
            const int ox = static_cast<int>(std::floor(pen)) + x0;
            const int oy = static_cast<int>(std::lround(baseline)) + y0;
            for (int gy = 0; gy < gh; ++gy)
                for (int gx = 0; gx < gw; ++gx) {
                    const unsigned char a = bitmap[static_cast<size_t>(gy * gw + gx)];
                    if (a) canvas.blend(ox + gx, oy + gy, colour, a / 255.0f);
                }
        }
        pen += adv * scale;
        if (i + 1 < cps.size())
            pen += stbtt_GetCodepointKernAdvance(&m_impl->info, cps[i], cps[i + 1]) * scale;
    }
}

std::vector<std::string> Font::wrap(const std::string& utf8, float px, float max_width) const {
    std::vector<std::string> lines;
    std::string line, word;
    auto flush_word = [&]() {
        if (word.empty()) return;
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && measure(candidate, px) > max_width) {
            lines.push_back(line);
            line = word;
        } else {
            line = candidate;
        }
        word.clear();
    };
    for (char ch : utf8) {
        if (ch == ' ') {
            flush_word();
        } else if (ch == '\n') {
            flush_word();
            lines.push_back(line);
            line.clear();
        } else {
            word += ch;
        }
    }
    flush_word();
    if (!line.empty()) lines.push_back(line);
    return lines;
}

float Font::draw_wrapped(Canvas& canvas, const std::string& utf8, float x, float y, float px,
                         float max_width, Rgba colour, Align align) const {
    const float lh = line_height(px);
    float h = 0;
    for (const auto& l : wrap(utf8, px, max_width)) {
        draw(canvas, l, x, y + h, px, colour, align);
        h += lh;
    }
    return h;
}

// ---------------------------------------------------------------------------------------------
// 3. Font lookup
std::vector<std::string> font_search_paths(const std::string& file_name) {
    std::vector<std::string> paths;
    if (const char* env = std::getenv("PIXELSCOPE_SOURCE_ROOT"); env && *env)
        paths.push_back(std::string(env) + "/assets/fonts/" + file_name);
#ifdef PS_VIZ_SOURCE_ROOT
    paths.push_back(std::string(PS_VIZ_SOURCE_ROOT) + "/assets/fonts/" + file_name);
#endif
    paths.push_back("/usr/share/fonts/truetype/dejavu/" + file_name);
    return paths;
}

bool load_fonts(Fonts& fonts, std::string& error) {
    auto first = [](const std::string& name, std::string& tried) -> std::unique_ptr<Font> {
        for (const auto& p : font_search_paths(name)) {
            std::ifstream probe(p, std::ios::binary);
            if (!probe) {
                tried += (tried.empty() ? "" : ", ") + p;
                continue;
            }
            std::string err;
            auto f = Font::load(p, err);
            if (f) return f;
            tried += (tried.empty() ? "" : ", ") + err;
        }
        return nullptr;
    };
    std::string tried;
    fonts.regular = first("DejaVuSans.ttf", tried);
    if (!fonts.regular) {
        error = "DejaVuSans.ttf not found (tried " + tried + ")";
        return false;
    }
    std::string tried_bold;
    fonts.bold = first("DejaVuSans-Bold.ttf", tried_bold);
    if (!fonts.bold) fonts.bold = first("DejaVuSans.ttf", tried_bold);  // titles in regular
    return true;
}

}  // namespace ps::viz
