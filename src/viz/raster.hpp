// A tiny CPU rasteriser for the `render` command and PNG export: filled and outlined rectangles,
// anti-aliased thick lines and arrows, and text drawn with stb_truetype (DejaVu Sans). The GUI
// draws the same figure structs with its shader renderer; this draws them into an RgbaImage.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "viz/colour.hpp"

namespace ps::viz {

// Alpha-blends drawing operations into an RgbaImage. Coordinates are pixels, y down; anything
// outside the image is clipped.
class Canvas {
public:
    Canvas(int width, int height, Rgba background = Rgba{255, 255, 255, 255});
    int width() const { return m_image.width; }
    int height() const { return m_image.height; }
    const RgbaImage& image() const { return m_image; }
    RgbaImage take() { return std::move(m_image); }

    void blend(int x, int y, Rgba c, float coverage);  // coverage 0..1 times c.a
    void fill_rect(float x, float y, float w, float h, Rgba c);
    void outline_rect(float x, float y, float w, float h, float thickness, Rgba c);
    void line(float x0, float y0, float x1, float y1, float thickness, Rgba c);
    // A line with a filled triangular head at (x1, y1).
    void arrow(float x0, float y0, float x1, float y1, float thickness, float head, Rgba c);
    void fill_triangle(float ax, float ay, float bx, float by, float cx, float cy, Rgba c);
    void fill_circle(float cx, float cy, float radius, Rgba c);
    // Paste an RGBA image scaled by an integer factor with its top-left at (x, y).
    void blit(const RgbaImage& src, int x, int y, int scale = 1);

private:
    RgbaImage m_image;
};

enum class Align { Left, Centre, Right };

// A TrueType font (the file's bytes and stb_truetype's parsed tables).
class Font {
public:
    // Loads a .ttf; returns nullptr and sets `error` (naming the file) on failure.
    static std::unique_ptr<Font> load(const std::string& path, std::string& error);
    ~Font();
    Font(const Font&) = delete;
    Font& operator=(const Font&) = delete;

    float measure(const std::string& utf8, float px) const;  // advance width in pixels
    float line_height(float px) const;                       // ascent - descent + gap
    // Draws one line; (x, y) is the top of the line box, aligned by `align` at x.
    void draw(Canvas& canvas, const std::string& utf8, float x, float y, float px, Rgba colour,
              Align align = Align::Left) const;
    // Greedy word wrap into lines no wider than max_width.
    std::vector<std::string> wrap(const std::string& utf8, float px, float max_width) const;
    // Draws wrapped text; returns the height used.
    float draw_wrapped(Canvas& canvas, const std::string& utf8, float x, float y, float px,
                       float max_width, Rgba colour, Align align = Align::Left) const;

private:
    Font() = default;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The regular and bold DejaVu Sans faces.
struct Fonts {
    std::unique_ptr<Font> regular;
    std::unique_ptr<Font> bold;
};
// Looks in PIXELSCOPE_SOURCE_ROOT/assets/fonts (the environment variable, then the build's
// source root), then /usr/share/fonts/truetype/dejavu. Returns false with a message listing the
// paths tried when DejaVuSans.ttf is nowhere; a missing bold face falls back to the regular one.
bool load_fonts(Fonts& fonts, std::string& error);
std::vector<std::string> font_search_paths(const std::string& file_name);

}  // namespace ps::viz
