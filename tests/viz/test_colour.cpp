// Colour map, log heat scale, palette, labels, tiling.
#include <doctest/doctest.h>

#include <set>
#include <stdexcept>

#include "viz/colour.hpp"

using namespace ps::viz;

TEST_CASE("colour map: luminance rises monotonically from dark to light") {
    float prev = -1.0f;
    for (int i = 0; i <= 1000; ++i) {
        const float l = luminance(colour_map(i / 1000.0f));
        CAPTURE(i);
        CHECK(l >= prev);
        prev = l;
    }
    CHECK(luminance(colour_map(0.0f)) < 0.05f);
    CHECK(luminance(colour_map(1.0f)) > 0.7f);
    CHECK(colour_map(-3.0f) == colour_map(0.0f));
    CHECK(colour_map(7.0f) == colour_map(1.0f));
}

TEST_CASE("log scale: positions, zero colour, ticks at powers of ten") {
    LogScale s;
    s.lo = 1e-4f;
    s.hi = 1.0f;
    CHECK(s.position(1e-4f) == doctest::Approx(0.0));
    CHECK(s.position(1e-2f) == doctest::Approx(0.5));
    CHECK(s.position(1.0f) == doctest::Approx(1.0));
    CHECK(s.position(10.0f) == doctest::Approx(1.0));
    CHECK(s.position(0.0f) < 0.0f);
    const Rgba zero = rgb(0x123456);
    CHECK(s.colour(0.0f, zero) == zero);
    CHECK(s.colour(1.0f, zero) == colour_map(1.0f));
    auto ticks = s.ticks();
    REQUIRE(ticks.size() == 5);
    CHECK(ticks[0].label == "1e-4");
    CHECK(ticks[2].label == "1e-2");
    CHECK(ticks[4].label == "1e0");
    CHECK(ticks[2].t == doctest::Approx(0.5));

    auto fit = fit_log_scale({0.0f, 3e-9f, 2e-3f, 0.5f}, 6);
    CHECK(fit.hi == doctest::Approx(0.5));
    CHECK(fit.lo == doctest::Approx(0.5e-6));  // clipped to 6 decades below the maximum
    auto fit2 = fit_log_scale({0.0f, 0.01f, 0.1f});
    CHECK(fit2.lo == doctest::Approx(0.01));
    auto t2 = fit2.ticks();
    CHECK(t2.front().t == doctest::Approx(0.0));
    CHECK(t2.back().t == doctest::Approx(1.0));
}

TEST_CASE("palette: the four classes are distinct, blind spot is cyan") {
    std::set<uint32_t> colours;
    for (PixelClass k :
         {PixelClass::Seen, PixelClass::BlindSpot, PixelClass::Self, PixelClass::Future}) {
        Rgba c = class_colour(k);
        colours.insert((uint32_t{c.r} << 16) | (uint32_t{c.g} << 8) | c.b);
    }
    CHECK(colours.size() == 4);
    Rgba cyan = class_colour(PixelClass::BlindSpot);
    CHECK(cyan.r < 60);
    CHECK(cyan.g > 180);
    CHECK(cyan.b > 180);
    CHECK(field_legend().size() == 4);
    CHECK(field_legend(true).size() == 5);
}

TEST_CASE("letters a..y on a 5x5 grid") {
    auto l = letter_labels(5, 5);
    REQUIRE(l.size() == 25);
    CHECK(l[0] == "a");
    CHECK(l[16] == "q");
    CHECK(l[24] == "y");
    auto big = letter_labels(6, 6);
    CHECK(big.size() == 36);
    CHECK(big[0].empty());
}

TEST_CASE("tile_images: layout, scale, padding, values") {
    std::vector<std::vector<float>> imgs = {{0, 1, 1, 0}, {1, 1, 1, 1}, {0, 0, 0, 0}};
    auto t = tile_images(imgs, 2, 2, 2, 1, 3);
    // 2 tiles per row, 2 rows of tiles: width 2*6 + 3 pads, height 2*6 + 3 pads.
    CHECK(t.width == 15);
    CHECK(t.height == 15);
    CHECK(t.get(1, 1) == Rgba{0, 0, 0, 255});        // tile 0, pixel (0,0) = 0
    CHECK(t.get(4, 1) == Rgba{255, 255, 255, 255});  // tile 0, pixel (0,1) = 1
    CHECK(t.get(1, 8) == Rgba{0, 0, 0, 255});        // tile 2: second row of tiles
    CHECK(t.get(8, 8) == rgb(0x808080));             // no fourth tile
    CHECK(t.get(0, 0) == rgb(0x808080));             // padding
    CHECK(t.get(9, 2) == Rgba{255, 255, 255, 255});  // tile 1
    CHECK_THROWS_AS(tile_images({{0, 1}}, 2, 2, 1), std::invalid_argument);
}

TEST_CASE("field colours, heat map image, colour bar") {
    auto spec = canonical_spec(Arch::PixelCnn);
    spec.layers = 1;
    auto f = receptive_field(spec, 12, 12, 10, 2);
    auto why = explain_unseen(spec, f);
    auto plain = field_colours(f);
    auto refined = field_colours(f, &why);
    REQUIRE(plain.size() == 144);
    int pale = 0, cyan = 0;
    for (size_t i = 0; i < refined.size(); ++i) {
        pale += refined[i] == palette().out_of_reach;
        cyan += refined[i] == palette().blind_spot;
        if (!(plain[i] == palette().blind_spot)) CHECK(refined[i] == plain[i]);
    }
    CHECK(pale > 0);  // rows far above are only out of reach of one block
    CHECK(cyan > 0);  // the wedge stays cyan
    CHECK(pale + cyan == f.count(PixelClass::BlindSpot));

    LogScale s;
    s.lo = 1e-3f;
    s.hi = 1.0f;
    auto img = heat_map_image({0.0f, 1e-3f, 1e-2f, 1.0f}, 2, 2, s, 3);
    CHECK(img.width == 6);
    CHECK(img.get(0, 0) == palette().future);
    CHECK(img.get(3, 0) == colour_map(0.0f));
    CHECK(img.get(5, 5) == colour_map(1.0f));
    auto bar = colour_bar_image(64, 4);
    CHECK(luminance(bar.get(63, 0)) > luminance(bar.get(0, 0)));
}

TEST_CASE("mask and skew-state colours follow the palette") {
    auto m = make_mask_grid(3, 3, MaskType::B);
    auto cols = mask_colours(m);
    REQUIRE(cols.size() == 9);
    CHECK(cols[4] == palette().kept);     // centre kept by mask B
    CHECK(cols[5] == palette().dropped);  // right of the centre
    CHECK(skew_state_colour(CellState::Current) == palette().current);
    CHECK(!(skew_state_colour(CellState::Done) == skew_state_colour(CellState::Pending)));
}
