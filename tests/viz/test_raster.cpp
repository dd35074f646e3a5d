// The CPU rasteriser and the render figures: shapes land where asked, text draws ink, and every
// figure is a non-empty image with the right colours in it.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "viz/figures.hpp"
#include "viz/raster.hpp"

using namespace ps::viz;

namespace {
int count_colour(const RgbaImage& img, Rgba c) {
    int n = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            if (img.get(x, y) == c) ++n;
    return n;
}
int count_non_white(const RgbaImage& img, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            if (!(img.get(x, y) == Rgba{255, 255, 255, 255})) ++n;
    return n;
}
const Fonts& fonts() {
    static Fonts f;  // loaded once for the whole suite
    static bool ok = [] {
        std::string err;
        bool loaded = load_fonts(f, err);
        if (!loaded) MESSAGE(err);
        return loaded;
    }();
    REQUIRE(ok);
    return f;
}
}  // namespace

TEST_CASE("rectangles, lines, arrows land where asked") {
    Canvas cv(40, 30);
    cv.fill_rect(5, 5, 10, 4, Rgba{255, 0, 0, 255});
    CHECK(cv.image().get(5, 5) == Rgba{255, 0, 0, 255});
    CHECK(cv.image().get(14, 8) == Rgba{255, 0, 0, 255});
    CHECK(cv.image().get(15, 8) == Rgba{255, 255, 255, 255});
    CHECK(count_colour(cv.image(), Rgba{255, 0, 0, 255}) == 40);
    cv.line(0, 20, 39, 20, 2, Rgba{0, 0, 255, 255});
    CHECK(cv.image().get(20, 19).b == 255);
    CHECK(cv.image().get(20, 19).r < 30);
    CHECK(cv.image().get(20, 25) == Rgba{255, 255, 255, 255});
    Canvas a(60, 60);
    a.arrow(5, 30, 55, 30, 2, 12, Rgba{0, 0, 0, 255});
    CHECK(count_non_white(a.image(), 0, 0, 60, 60) > 100);
    CHECK(a.image().get(47, 27).r < 128);  // the head is wider than the shaft
    CHECK(a.image().get(20, 27) == Rgba{255, 255, 255, 255});
    Canvas clip(10, 10);
    clip.fill_rect(-5, -5, 100, 100, Rgba{0, 0, 0, 255});  // clipped, no crash
    CHECK(count_colour(clip.image(), Rgba{0, 0, 0, 255}) == 100);
}

TEST_CASE("text: measured width matches the ink drawn") {
    const Fonts& f = fonts();
    Canvas cv(300, 60);
    const float w = f.regular->measure("Blind spot", 20);
    CHECK(w > 60);
    CHECK(w < 200);
    f.regular->draw(cv, "Blind spot", 10, 10, 20, Rgba{0, 0, 0, 255});
    CHECK(count_non_white(cv.image(), 0, 0, 300, 60) > 100);
    CHECK(count_non_white(cv.image(), static_cast<int>(10 + w + 4), 0, 300, 60) == 0);
    auto lines = f.regular->wrap("one two three four five six seven", 16, 80);
    CHECK(lines.size() >= 3);
    for (const auto& l : lines) CHECK(f.regular->measure(l, 16) <= 80);
}

TEST_CASE("figures: non-empty, with the view's colours") {
    const Fonts& f = fonts();
    const Palette& p = palette();
    SUBCASE("masks") {
        auto img = render_masks_figure(f, 5, false);
        CHECK(img.width == 1200);
        CHECK(img.height > 300);
        CHECK(count_colour(img, p.kept) > 1000);
        CHECK(count_colour(img, p.centre) > 50);
        auto rgb_img = render_masks_figure(f, 3, true);
        CHECK(rgb_img.height > img.height);
        CHECK(count_colour(rgb_img, p.channel[1]) > 100);
        CHECK_THROWS_AS(render_masks_figure(f, 4, false), std::invalid_argument);
    }
    SUBCASE("blind spot: exactly three cyan cells") {
        auto o = classic_blind_spot_options();
        auto img = render_field_figure(f, o);
        CHECK(img.height > 300);
        // 5x5 grid of 84-pixel cells: three cyan cells (less the letters and grid lines), plus
        // the legend swatch.
        const int cyan = count_colour(img, p.blind_spot);
        CHECK(cyan > 3 * 84 * 84 * 3 / 4);
        CHECK(cyan < 3 * 84 * 84 + 400);
        CHECK(count_colour(img, p.self) > 84 * 84 / 2);
    }
    SUBCASE("receptive fields of every arch") {
        for (Arch a : {Arch::PixelCnn, Arch::RowLstm, Arch::DiagBiLstm, Arch::Gated}) {
            FieldFigureOptions o;
            o.spec.arch = a;
            o.spec.layers = 2;
            o.spec.channels = 3;
            o.channel = 1;
            o.height = o.width = 12;
            o.row = 8;
            o.col = 3;
            auto img = render_field_figure(f, o);
            CAPTURE(std::string(arch_name(a)));
            CHECK(count_colour(img, p.seen) > 1000);
            CHECK(count_colour(img, p.future) > 1000);
        }
    }
    SUBCASE("skew") {
        auto img = render_skew_figure(f, 5, 5, 4);
        CHECK(img.height > 400);
        CHECK(count_colour(img, p.current) > 1000);
        CHECK(count_colour(img, p.padding) > 1000);
        CHECK_THROWS_AS(render_skew_figure(f, 5, 5, 9), std::invalid_argument);
    }
}
