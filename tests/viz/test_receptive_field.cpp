// Analytic receptive fields: the facts DESIGN §5 and issues 4/5 pin down, checked exactly.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "viz/receptive_field.hpp"

using namespace ps::viz;

namespace {

ArchSpec spec_of(Arch a, int layers, int kernel = 3, int channels = 1) {
    ArchSpec s;
    s.arch = a;
    s.layers = layers;
    s.kernel = kernel;
    s.input_kernel = a == Arch::MaskedStack ? kernel : 7;
    s.channels = channels;
    return s;
}

std::set<std::pair<int, int>> blind_set(const ReceptiveField& f) {
    std::set<std::pair<int, int>> out;
    for (int r = 0; r < f.height; ++r)
        for (int c = 0; c < f.width; ++c)
            if (f.at(r, c) == PixelClass::BlindSpot) out.insert({r, c});
    return out;
}

const Arch kAll[] = {Arch::PixelCnn, Arch::RowLstm, Arch::DiagBiLstm, Arch::Gated,
                     Arch::MaskedStack};

}  // namespace

TEST_CASE("classic 5x5: q sees every earlier pixel except j, n, o") {
    for (int layers = 3; layers <= 8; ++layers) {
        CAPTURE(layers);
        auto f = receptive_field(spec_of(Arch::MaskedStack, layers), 5, 5, 3, 1);
        CHECK(blind_set(f) == std::set<std::pair<int, int>>{{1, 4}, {2, 3}, {2, 4}});
        CHECK(pixel_label(1, 4, 5, 5) == "j");
        CHECK(pixel_label(2, 3, 5, 5) == "n");
        CHECK(pixel_label(2, 4, 5, 5) == "o");
        CHECK(pixel_label(3, 1, 5, 5) == "q");
        CHECK(f.count(PixelClass::Seen) == 16 - 3);
        CHECK(f.at(3, 1) == PixelClass::Self);
        CHECK(f.count(PixelClass::Future) == 25 - 17);
    }
    // With only two layers the field is smaller still: e (0,4) is not reached yet.
    auto f2 = receptive_field(spec_of(Arch::MaskedStack, 2), 5, 5, 3, 1);
    CHECK(blind_set(f2).count({0, 4}) == 1);
    // Explanations: j, n, o are structural (no depth reaches them).
    auto why = explain_unseen(spec_of(Arch::MaskedStack, 3),
                              receptive_field(spec_of(Arch::MaskedStack, 3), 5, 5, 3, 1));
    REQUIRE(why.size() == 3);
    for (const auto& u : why) {
        CHECK(u.layers_needed == -1);
        CHECK(u.text.find("Blind spot") != std::string::npos);
    }
}

TEST_CASE("layers_shown grows the field one layer at a time") {
    auto s = spec_of(Arch::MaskedStack, 3);
    auto f0 = receptive_field(s, 5, 5, 3, 1, 0, 0);
    CHECK(f0.count(PixelClass::Seen) == 0);
    auto f1 = receptive_field(s, 5, 5, 3, 1, 0, 1);
    // One 3x3 mask A conv: (2,0), (2,1), (2,2), (3,0).
    CHECK(f1.count(PixelClass::Seen) == 4);
    CHECK(f1.seen(2, 0));
    CHECK(f1.seen(2, 2));
    CHECK(f1.seen(3, 0));
    for (Arch a : kAll) {
        CAPTURE(std::string(arch_name(a)));
        auto sp = spec_of(a, 4);
        int prev = -1;
        for (int n = 0; n <= 4; ++n) {
            auto f = receptive_field(sp, 9, 9, 6, 4, 0, n);
            int seen = f.count(PixelClass::Seen);
            CHECK(seen >= prev);
            prev = seen;
        }
    }
}

TEST_CASE("PixelCNN: a blind-spot wedge to the upper right that grows with distance") {
    auto s = spec_of(Arch::PixelCnn, 5);
    const int H = 16, W = 16, pr = 15, pc = 4;
    auto f = receptive_field(s, H, W, pr, pc);
    // 7x7 mask A input then 5 3x3 mask B blocks: going d rows up the field can extend at most
    // 3 + (d - 1) columns right (3 from the input layer in one row, then one per row per layer),
    // and only while a layer is left to climb with. So the first unseen column in row pr-d is
    // pc + 3 + min(d-1, 5) + 1 for d >= 1 (inside the image and inside the vertical reach).
    int prev_blind = 0;
    for (int d = 1; d <= 6; ++d) {
        const int r = pr - d;
        int first_blind = -1, blind = 0;
        for (int c = pc; c < W; ++c)
            if (!f.seen(r, c)) {
                if (first_blind < 0) first_blind = c;
                ++blind;
            }
        CAPTURE(d);
        CHECK(first_blind == pc + 3 + std::min(d - 1, 5) + 1);
        // Wedge: every column right of the first unseen one is unseen too.
        CHECK(blind == W - first_blind);
        if (d > 1) CHECK(blind <= prev_blind);
        prev_blind = blind;
    }
    // Growing with distance: the right-hand blind region is strictly wider two rows up than
    // one row up at a pixel near the left edge of a wide image (the mask-A row offsets).
    auto why = explain_unseen(s, f);
    bool any_structural = false;
    for (const auto& u : why) any_structural |= u.layers_needed == -1;
    CHECK(any_structural);
}

TEST_CASE("Row LSTM sees a triangle above p") {
    auto s = spec_of(Arch::RowLstm, 2);
    const int H = 12, W = 24, pr = 10, pc = 11;
    auto f = receptive_field(s, H, W, pr, pc);
    // d rows up the right edge is pc + d + 2: the 7x7 input layer reaches 3 columns right one row
    // up, and each state-to-state step (c+1) one more column per row.
    for (int d = 1; d <= pr; ++d) {
        const int r = pr - d;
        int right = -1;
        for (int c = 0; c < W; ++c)
            if (f.seen(r, c)) right = c;
        CAPTURE(d);
        CHECK(right == std::min(W - 1, pc + d + 2));
        for (int c = pc; c <= right; ++c) CHECK(f.seen(r, c));
    }
    // The right edge does not move with depth: it is the triangle, not a lack of layers.
    auto deep = receptive_field(spec_of(Arch::RowLstm, 6), H, W, pr, pc);
    CHECK(!deep.seen(pr - 1, pc + 4));
    CHECK(deep.seen(pr - 1, pc + 3));
}

TEST_CASE("Diagonal BiLSTM: (5,1) of a 7x7 image misses only (4,6)") {
    for (int layers = 1; layers <= 4; ++layers) {
        CAPTURE(layers);
        auto s = spec_of(Arch::DiagBiLstm, layers);
        auto f = receptive_field(s, 7, 7, 5, 1);
        CHECK(blind_set(f) == std::set<std::pair<int, int>>{{4, 6}});
        if (layers == 2) {
            auto why = explain_unseen(s, f);
            REQUIRE(why.size() == 1);
            CHECK(why[0].layers_needed == -1);
            CHECK(why[0].text.find("out of the first layer's 7x7 reach from (5,1)") !=
                  std::string::npos);
            CHECK(why[0].text.find("nothing in reach has seen it yet") != std::string::npos);
        }
    }
}

TEST_CASE("no wedge for Diagonal BiLSTM and Gated PixelCNN") {
    SUBCASE("Diagonal BiLSTM: every pixel two or more rows above is seen") {
        auto s = spec_of(Arch::DiagBiLstm, 2);
        for (int pr = 2; pr < 12; ++pr) {
            for (int pc = 0; pc < 12; ++pc) {
                auto f = receptive_field(s, 12, 12, pr, pc);
                for (int r = 0; r < pr - 1; ++r)
                    for (int c = 0; c < 12; ++c) {
                        CAPTURE(pr);
                        CAPTURE(pc);
                        CAPTURE(r);
                        CAPTURE(c);
                        CHECK(f.seen(r, c));
                    }
            }
        }
    }
    SUBCASE("Gated PixelCNN: above p the field is a full rectangle") {
        // v_L(r, c) sees rows r-3-L..r-1, columns c-3-L..c+3+L (the 7x7 vertical-strict input
        // conv, then 3x3 vertical-inclusive layers that spread one column and one row each),
        // with no hole: no wedge, only a finite reach.
        const int L = 5, H = 16, W = 24;
        auto s = spec_of(Arch::Gated, L);
        for (int pr : {9, 15}) {
            for (int pc : {0, 5, 12, 23}) {
                auto f = receptive_field(s, H, W, pr, pc);
                for (int r = 0; r < pr; ++r)
                    for (int c = pc; c < W; ++c) {
                        bool inside = r >= pr - 3 - L && c <= pc + 3 + L;
                        CAPTURE(pr);
                        CAPTURE(pc);
                        CAPTURE(r);
                        CAPTURE(c);
                        CHECK(f.seen(r, c) == inside);
                    }
            }
        }
    }
}

TEST_CASE("no pixel sees itself or the future (every arch, C = 1 and 3)") {
    for (Arch a : kAll) {
        for (int C : {1, 3}) {
            auto s = spec_of(a, 3, 3, C);
            auto all = all_receptive_fields(s, 8, 7);
            REQUIRE(all.size() == static_cast<size_t>(8 * 7 * C));
            for (const auto& f : all) {
                const int target = (f.row * f.width + f.col) * C + f.channel;
                for (int i = 0; i < 8 * 7; ++i)
                    for (int ch = 0; ch < C; ++ch)
                        if (i * C + ch >= target) {
                            CAPTURE(std::string(arch_name(a)));
                            CAPTURE(C);
                            CAPTURE(target);
                            CHECK(!f.seen(i / 7, i % 7, ch));
                        }
            }
        }
    }
}

TEST_CASE("forward sets (all pixels) agree with backward reachability (one pixel)") {
    for (Arch a : kAll) {
        for (int C : {1, 3}) {
            for (int n : {0, 1, 3}) {
                auto s = spec_of(a, 3, a == Arch::MaskedStack ? 5 : 3, C);
                auto all = all_receptive_fields(s, 9, 6, n);
                for (const auto& f : all) {
                    auto one = receptive_field(s, 9, 6, f.row, f.col, f.channel, n);
                    CAPTURE(std::string(arch_name(a)));
                    CAPTURE(C);
                    CAPTURE(n);
                    CAPTURE(f.row);
                    CAPTURE(f.col);
                    CHECK(one.seen_channels == f.seen_channels);
                }
            }
        }
    }
}

TEST_CASE("C = 3: G sees R at its own pixel but not B; R sees nothing of its own pixel") {
    for (Arch a : kAll) {
        CAPTURE(std::string(arch_name(a)));
        auto s = spec_of(a, 3, 3, 3);
        auto r = receptive_field(s, 7, 7, 4, 3, 0);
        auto g = receptive_field(s, 7, 7, 4, 3, 1);
        auto b = receptive_field(s, 7, 7, 4, 3, 2);
        CHECK(r.seen_channels[4 * 7 + 3] == 0);
        CHECK(g.seen_channels[4 * 7 + 3] == 0b001);
        CHECK(b.seen_channels[4 * 7 + 3] == 0b011);
        // An earlier seen pixel is seen in all three channels.
        CHECK(g.seen_channels[3 * 7 + 3] == 0b111);
    }
}

TEST_CASE("bad specs throw with the field named") {
    ArchSpec s;
    s.kernel = 4;
    CHECK_THROWS_WITH_AS(receptive_field(s, 5, 5, 0, 0), doctest::Contains("kernel"),
                         std::invalid_argument);
    s.kernel = 3;
    s.channels = 2;
    CHECK_THROWS_AS(receptive_field(s, 5, 5, 0, 0), std::invalid_argument);
    s.channels = 1;
    CHECK_THROWS_WITH_AS(receptive_field(s, 5, 5, 5, 0), doctest::Contains("outside"),
                         std::invalid_argument);
    Arch a;
    CHECK(parse_arch("diagbilstm", a));
    CHECK(a == Arch::DiagBiLstm);
    CHECK(!parse_arch("lstm", a));
}

TEST_CASE("32x32: one pixel is fast, all pixels at once are cheap") {
    for (Arch a : {Arch::PixelCnn, Arch::Gated, Arch::DiagBiLstm}) {
        auto s = spec_of(a, a == Arch::DiagBiLstm ? 2 : 5, 3, 3);
        auto t0 = std::chrono::steady_clock::now();
        auto f = receptive_field(s, 32, 32, 20, 16, 2);
        auto t1 = std::chrono::steady_clock::now();
        double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        MESSAGE(std::string(arch_name(a)) << " 32x32x3 one pixel: " << ms << " ms");
        CHECK(f.count(PixelClass::Seen) > 0);
        CHECK(ms < 5.0 * 4);  // < 5 ms in Release; slack for sanitiser / debug builds

        t0 = std::chrono::steady_clock::now();
        auto all = all_receptive_fields(s, 32, 32);
        t1 = std::chrono::steady_clock::now();
        MESSAGE(std::string(arch_name(a))
                << " 32x32x3 all 3072 fields: "
                << std::chrono::duration<double, std::milli>(t1 - t0).count() << " ms");
        CHECK(all[static_cast<size_t>((20 * 32 + 16) * 3 + 2)].seen_channels == f.seen_channels);

        t0 = std::chrono::steady_clock::now();
        auto why = explain_unseen(s, f);
        t1 = std::chrono::steady_clock::now();
        MESSAGE(std::string(arch_name(a))
                << " 32x32x3 explain " << why.size() << " pixels: "
                << std::chrono::duration<double, std::milli>(t1 - t0).count() << " ms");
        CHECK(why.size() == static_cast<size_t>(f.count(PixelClass::BlindSpot)));
    }
}

TEST_CASE("empirical field from gradient magnitudes, and the diff against the analytic one") {
    auto s = canonical_spec(Arch::DiagBiLstm);
    auto analytic = receptive_field(s, 7, 7, 5, 1);
    // A gradient whose support is exactly the analytic set agrees.
    std::vector<float> g(49, 0.0f);
    for (int i = 0; i < 49; ++i)
        g[static_cast<size_t>(i)] = analytic.seen(i / 7, i % 7) ? 0.25f : 0.0f;
    auto empirical = field_from_gradient(7, 7, 1, 5, 1, 0, g);
    CHECK(diff_fields(analytic, empirical).empty());
    CHECK(empirical.at(4, 6) == PixelClass::BlindSpot);
    // One extra dependency and one missing one are both reported.
    g[4 * 7 + 6] = 1e-3f;
    g[0] = 0.0f;
    auto d = diff_fields(analytic, field_from_gradient(7, 7, 1, 5, 1, 0, g));
    REQUIRE(d.size() == 2);
    CHECK(d[0].row == 0);
    CHECK(d[0].in_first);
    CHECK(d[1].row == 4);
    CHECK(d[1].col == 6);
    CHECK(!d[1].in_first);
    CHECK_THROWS_AS(field_from_gradient(7, 7, 1, 5, 1, 0, {1.0f}), std::invalid_argument);
    CHECK(canonical_spec(Arch::Gated, 3).layers == 5);
    CHECK(canonical_spec(Arch::Gated, 3).channels == 3);
}

TEST_CASE("Diagonal BiLSTM with C = 3: (5,1) reaches R and G of (4,6), never B") {
    // The row-boundary miss of C = 1 is only partly a miss with colour. The input layer's group
    // B at (4,6) reads R and G of (4,6) through the mask-A centre tap; the backward state at
    // (4,6) reads that (1x1 mask B, groups <= B); the state-to-state conv is unmasked (it reads
    // only earlier pixels), so every group of the backward state at (4,1), and after the
    // one-row shift every output channel at (5,1), depends on R and G of (4,6). B of (4,6) is
    // seen by nothing at or before (5,1).
    auto s = canonical_spec(Arch::DiagBiLstm, 3);
    for (int ch = 0; ch < 3; ++ch) {
        CAPTURE(ch);
        auto f = receptive_field(s, 7, 7, 5, 1, ch);
        CHECK(f.seen_channels[4 * 7 + 6] == 0b011);
        CHECK(f.count(PixelClass::BlindSpot) == 0);
        for (int i = 0; i < 5 * 7 + 1; ++i)
            if (i != 4 * 7 + 6) CHECK(f.seen_channels[static_cast<size_t>(i)] == 0b111);
    }
    // The other architectures see the same pixels with C = 3 as with C = 1 (earlier pixels).
    for (Arch a : {Arch::PixelCnn, Arch::RowLstm, Arch::Gated, Arch::MaskedStack}) {
        CAPTURE(std::string(arch_name(a)));
        for (int r = 0; r < 9; r += 2)
            for (int c = 0; c < 9; c += 2) {
                auto f1 = receptive_field(canonical_spec(a, 1), 9, 9, r, c);
                auto f3 = receptive_field(canonical_spec(a, 3), 9, 9, r, c);
                for (int i = 0; i < r * 9 + c; ++i)
                    CHECK((f1.seen_channels[static_cast<size_t>(i)] != 0) ==
                          (f3.seen_channels[static_cast<size_t>(i)] == 0b111));
            }
    }
}
