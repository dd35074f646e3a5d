// What the Sampling tab draws: partial samples, the batch mosaic, the context overlay of a
// pixel, and the sentences with this image's numbers.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "viz/sampling_view.hpp"

using namespace ps::viz;

TEST_CASE("a partial binary sample: drawn positions show paper or ink, the rest is undrawn") {
    const SampleLayout l{1, 2, 3, true};
    const std::vector<float> image{1, 0, 1, 0, 1, 1};  // (1, 2, 3)
    const std::vector<Rgba> c = partial_sample_colours(image.data(), l, 4);
    REQUIRE(c.size() == 6);
    CHECK(c[0] == ink_colour());
    CHECK(c[1] == paper_colour());
    CHECK(c[2] == ink_colour());
    CHECK(c[3] == paper_colour());
    CHECK(c[4] == undrawn_colour());  // drawn value 1 in the buffer, but not drawn yet
    CHECK(c[5] == undrawn_colour());
    CHECK(!(undrawn_colour() == paper_colour()));
    CHECK(!(undrawn_colour() == ink_colour()));
}

TEST_CASE("a partial colour sample fills R, then G, then B of a pixel") {
    const SampleLayout l{3, 1, 2, false};
    // (3, 1, 2): R = {200, 10}, G = {100, 20}, B = {50, 30}
    const std::vector<float> image{200, 10, 100, 20, 50, 30};
    std::vector<Rgba> c = partial_sample_colours(image.data(), l, 2);  // R and G of pixel 0
    CHECK(c[0] == Rgba{200, 100, 0, 255});
    CHECK(c[1] == undrawn_colour());
    c = partial_sample_colours(image.data(), l, 4);  // pixel 0 whole, R of pixel 1
    CHECK(c[0] == Rgba{200, 100, 50, 255});
    CHECK(c[1] == Rgba{10, 0, 0, 255});
}

TEST_CASE("mosaic: ceil(sqrt(n)) columns with 1-cell gutters, cells map back to images") {
    const Mosaic m = mosaic_layout(5, 4, 3);
    CHECK(m.cols == 3);
    CHECK(m.rows == 2);
    CHECK(m.width == 3 * 4 + 1);
    CHECK(m.height == 2 * 5 + 1);
    CHECK(m.image_at(0, 0) == -1);  // the outer gutter
    CHECK(m.image_at(1, 1) == 0);
    CHECK(m.image_at(4, 3) == 0);
    CHECK(m.image_at(1, 4) == -1);  // between images 0 and 1
    CHECK(m.image_at(1, 5) == 1);
    CHECK(m.image_at(6, 1) == 3);
    CHECK(m.image_at(6, 9) == -1);  // the sixth slot is empty
    for (int i = 0; i < 5; ++i) CHECK(m.image_at(m.top(i), m.left(i)) == i);
    CHECK(mosaic_layout(16, 28, 28).cols == 4);
    CHECK(mosaic_layout(1, 28, 28).width == 30);

    const SampleLayout l{1, 4, 3, true};
    std::vector<float> images(5 * 12, 1.f);
    const std::vector<Rgba> c = mosaic_colours(images.data(), l, 5, 12, 1);
    CHECK(c[std::size_t(1 * m.width + 1)] == ink_colour());
    CHECK(c[0] == gutter_colour());
    CHECK(c[std::size_t(m.width + 4)] == palette().self);  // the selected image's frame
}

TEST_CASE("context overlay: PixelCNN pixel (2, 2) sees the earlier pixels in reach") {
    const ArchSpec spec = engine_arch_spec("pixelcnn", 1, 1);
    CHECK(spec.arch == Arch::PixelCnn);
    CHECK(spec.layers == 1);
    CHECK(spec.input_kernel == 7);
    const ReceptiveField f = receptive_field(spec, 5, 5, 2, 2);
    const ContextOverlay o = context_overlay(f);
    CHECK(o.earlier == 12);
    CHECK(o.seen + o.unseen() == 12);
    CHECK(o.seen == 12);  // a 7x7 mask A reaches every earlier pixel of a 5x5 image from (2, 2)
    CHECK(o.rgba[(0 * 5 + 0) * 4 + 3] > 0);   // (0, 0) is tinted
    CHECK(o.rgba[(2 * 5 + 2) * 4 + 3] == 0);  // the pixel itself is not
    CHECK(o.rgba[(4 * 5 + 4) * 4 + 3] == 0);  // nor a later one
    CHECK_THROWS_AS(engine_arch_spec("masked_stack", 3, 1), std::invalid_argument);

    // far away pixels of a 28x28 image are out of a shallow PixelCNN's reach: tinted cyan
    const ReceptiveField far = receptive_field(spec, 28, 28, 20, 20);
    const ContextOverlay fo = context_overlay(far);
    CHECK(fo.unseen() > 0);
    const std::uint8_t* top_left = fo.rgba.data();
    CHECK(Rgba{top_left[0], top_left[1], top_left[2], 255} == unseen_colour());
}

TEST_CASE("sentences carry this image's numbers") {
    const SampleLayout l{1, 28, 28, true};
    CHECK(sampling_intro_text(l).find("784 steps") != std::string::npos);
    CHECK(naive_cost_text(l).find("784 full passes") != std::string::npos);
    CHECK(cached_cost_text(l).find("about one forward pass") != std::string::npos);
    CHECK(caching_text(l).find("784 full passes") != std::string::npos);
    CHECK(caching_text(l).find("about one pass per image") != std::string::npos);
    const SampleLayout rgb{3, 8, 8, false};
    CHECK(sampling_intro_text(rgb).find("192 steps") != std::string::npos);
    CHECK(cached_cost_text(rgb).find("per channel") != std::string::npos);

    const std::string p = prediction_text(l, {0.25f}, 1.f, 1.0);
    CHECK(p.find("p(ink) = 0.250") != std::string::npos);
    CHECK(p.find("less likely") != std::string::npos);
    CHECK(prediction_text(l, {}, 0.f, 1.0).find("No prediction yet") != std::string::npos);
    std::vector<float> d(256, 0.f);
    d[7] = 0.75f;
    d[9] = 0.25f;
    const std::string s = prediction_text(rgb, d, 9.f, 0.5);
    CHECK(s.find("drew 9") != std::string::npos);
    CHECK(s.find("most likely value is 7") != std::string::npos);
    CHECK(s.find("temperature 0.50") != std::string::npos);

    ContextOverlay o;
    o.earlier = 10;
    o.seen = 7;
    const std::string c = context_text(o, "PixelCNN");
    CHECK(c.find("7 of the 10") != std::string::npos);
    CHECK(c.find("other 3") != std::string::npos);
    CHECK(completion_text(4, 14, 28, 3).find("top 14 of 28 rows") != std::string::npos);
    CHECK(temperature_text(0.5, true).find("sharper") != std::string::npos);
    CHECK(temperature_text(2.0, false).find("softmax") != std::string::npos);
}
