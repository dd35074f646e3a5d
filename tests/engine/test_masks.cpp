// Masks: the pictures of DESIGN.md §2 for A/B, any odd kernel, and the RGB channel groups.
#include <doctest/doctest.h>

#include "engine/mask.hpp"

using namespace ps::engine;

TEST_CASE("mask A and B on a 5x5 kernel, one channel") {
    const std::vector<int> g{0};
    const auto a = build_mask<float>(1, 1, 5, 5, MaskType::A, g, g);
    const auto b = build_mask<float>(1, 1, 5, 5, MaskType::B, g, g);
    CHECK(mask_picture(a, 0, 0) == "11111\n"
                                   "11111\n"
                                   "11000\n"
                                   "00000\n"
                                   "00000\n");
    CHECK(mask_picture(b, 0, 0) == "11111\n"
                                   "11111\n"
                                   "11100\n"
                                   "00000\n"
                                   "00000\n");
}

TEST_CASE("mask of non-square odd kernels and 1x1") {
    const std::vector<int> g{0};
    CHECK(mask_picture(build_mask<float>(1, 1, 1, 3, MaskType::B, g, g), 0, 0) == "110\n");
    CHECK(mask_picture(build_mask<float>(1, 1, 3, 1, MaskType::A, g, g), 0, 0) == "1\n0\n0\n");
    CHECK(mask_picture(build_mask<float>(1, 1, 1, 1, MaskType::A, g, g), 0, 0) == "0\n");
    CHECK(mask_picture(build_mask<float>(1, 1, 1, 1, MaskType::B, g, g), 0, 0) == "1\n");
    CHECK(mask_picture(build_mask<float>(1, 1, 3, 3, MaskType::none, g, g), 0, 0) ==
          "111\n111\n111\n");
    CHECK_THROWS_AS(build_mask<float>(1, 1, 4, 3, MaskType::A, g, g), EngineError);
    CHECK_THROWS_AS(build_mask<float>(2, 1, 3, 3, MaskType::A, g, g), EngineError);
}

TEST_CASE("RGB groups: centre-tap connectivity for mask A and B") {
    // 3 input features (R, G, B) -> 6 output features (two per group)
    const auto in = contiguous_groups(3, 3), out = contiguous_groups(6, 3);
    CHECK(in == std::vector<int>{0, 1, 2});
    CHECK(out == std::vector<int>{0, 0, 1, 1, 2, 2});
    const auto a = build_mask<double>(6, 3, 3, 3, MaskType::A, out, in);
    const auto b = build_mask<double>(6, 3, 3, 3, MaskType::B, out, in);
    for (int o = 0; o < 6; ++o)
        for (int i = 0; i < 3; ++i) {
            CAPTURE(o);
            CAPTURE(i);
            CHECK(a(o, i, 1, 1) == (in[i] < out[o] ? 1.0 : 0.0));
            CHECK(b(o, i, 1, 1) == (in[i] <= out[o] ? 1.0 : 0.0));
            // off-centre taps do not depend on groups
            CHECK(a(o, i, 0, 2) == 1.0);
            CHECK(a(o, i, 1, 0) == 1.0);
            CHECK(a(o, i, 1, 2) == 0.0);
            CHECK(b(o, i, 2, 0) == 0.0);
        }
    // G outputs see R at the centre under A, not G or B; B outputs see R and G
    CHECK(mask_picture(a, 2, 0) == "111\n110\n000\n");
    CHECK(mask_picture(a, 2, 1) == "111\n100\n000\n");
    CHECK(mask_picture(a, 4, 1) == "111\n110\n000\n");
    CHECK(mask_picture(a, 0, 0) == "111\n100\n000\n");
}

TEST_CASE("group assignments: contiguous over uneven widths, gated halves share groups") {
    CHECK(contiguous_groups(4, 1) == std::vector<int>{0, 0, 0, 0});
    const auto g32 = contiguous_groups(32, 3);
    int count[3] = {0, 0, 0};
    for (int k = 0; k < 32; ++k) {
        ++count[g32[k]];
        if (k > 0) CHECK(g32[k] >= g32[k - 1]);
    }
    CHECK(count[0] == 11);
    CHECK(count[1] == 11);
    CHECK(count[2] == 10);
    CHECK(gated_groups(12, 3) == std::vector<int>{0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2});
    CHECK_THROWS_AS(gated_groups(7, 3), EngineError);
}
