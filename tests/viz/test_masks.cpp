// Mask grids (k = 1, 3, 5, 7, A and B) and the RGB centre-tap connectivity.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "viz/masks.hpp"

using namespace ps::viz;

namespace {
// The grid as text rows, '#' kept and '.' dropped, to compare with hand-drawn pictures.
std::string picture(const MaskGrid& m) {
    std::string s;
    for (int r = 0; r < m.k_h; ++r) {
        for (int c = 0; c < m.k_w; ++c) s += m.at(r, c) ? '#' : '.';
        s += '\n';
    }
    return s;
}
}  // namespace

TEST_CASE("mask grids drawn by hand") {
    CHECK(picture(make_mask_grid(1, 1, MaskType::A)) == ".\n");
    CHECK(picture(make_mask_grid(1, 1, MaskType::B)) == "#\n");
    CHECK(picture(make_mask_grid(3, 3, MaskType::A)) == "###\n#..\n...\n");
    CHECK(picture(make_mask_grid(3, 3, MaskType::B)) == "###\n##.\n...\n");
    CHECK(picture(make_mask_grid(5, 5, MaskType::A)) == "#####\n#####\n##...\n.....\n.....\n");
    CHECK(picture(make_mask_grid(5, 5, MaskType::B)) == "#####\n#####\n###..\n.....\n.....\n");
    CHECK(picture(make_mask_grid(1, 3, MaskType::B)) == "##.\n");
    CHECK(picture(make_mask_grid(3, 1, MaskType::A)) == "#\n.\n.\n");
}

TEST_CASE("mask counts for k = 1, 3, 5, 7, 9, 11") {
    for (int k = 1; k <= 11; k += 2) {
        CAPTURE(k);
        auto a = make_mask_grid(k, k, MaskType::A);
        auto b = make_mask_grid(k, k, MaskType::B);
        // (k*k - 1) / 2 taps precede the centre in raster order; B adds the centre.
        CHECK(a.kept_count() == (k * k - 1) / 2);
        CHECK(b.kept_count() == (k * k + 1) / 2);
        CHECK(!a.at(k / 2, k / 2));
        CHECK(b.at(k / 2, k / 2));
        for (int r = 0; r < k; ++r)
            for (int c = 0; c < k; ++c) {
                bool before = r * k + c < (k / 2) * k + k / 2;
                CHECK(a.at(r, c) == before);
                if (!(r == k / 2 && c == k / 2)) CHECK(b.at(r, c) == before);
            }
    }
}

TEST_CASE("bad kernels throw") {
    CHECK_THROWS_AS(make_mask_grid(4, 3, MaskType::A), std::invalid_argument);
    CHECK_THROWS_AS(make_mask_grid(3, 13, MaskType::B), std::invalid_argument);
    CHECK_THROWS_AS(make_mask_grid(0, 1, MaskType::B), std::invalid_argument);
}

TEST_CASE("RGB connectivity at the centre tap") {
    auto a = make_rgb_connectivity(MaskType::A);
    auto b = make_rgb_connectivity(MaskType::B);
    // mask A: R sees none, G sees R, B sees R and G
    CHECK(a.arrow_count() == 3);
    CHECK(!a.allowed[0][0]);
    CHECK(a.allowed[1][0]);
    CHECK(!a.allowed[1][1]);
    CHECK(a.allowed[2][0]);
    CHECK(a.allowed[2][1]);
    CHECK(!a.allowed[2][2]);
    // mask B: R sees R, G sees R and G, B sees all three
    CHECK(b.arrow_count() == 6);
    CHECK(b.allowed[0][0]);
    CHECK(!b.allowed[0][1]);
    CHECK(b.allowed[1][1]);
    CHECK(!b.allowed[1][2]);
    CHECK(b.allowed[2][2]);
    CHECK(mask_why_text(MaskType::A) != mask_why_text(MaskType::B));
    CHECK(rgb_why_text(MaskType::A).find("G sees R") != std::string::npos);
}
