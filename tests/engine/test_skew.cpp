// Skew / unskew (engine/skew.hpp): where (r, c) lands, the round trip, and backward = transpose.
#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "engine/skew.hpp"

using namespace ps::engine;

TEST_CASE("skew: pixel (r, c) lands at (r, r + c); the rest of the skewed map is zero") {
    const int F = 2, H = 3, W = 4, S = skewed_width(H, W);
    REQUIRE(S == 6);
    std::vector<double> img(std::size_t(F * H * W)), sk(std::size_t(F * H * S), -1.0);
    for (std::size_t k = 0; k < img.size(); ++k) img[k] = double(k + 1);
    skew_forward(sk.data(), img.data(), F, H, W);
    for (int f = 0; f < F; ++f)
        for (int r = 0; r < H; ++r)
            for (int j = 0; j < S; ++j) {
                CAPTURE(f);
                CAPTURE(r);
                CAPTURE(j);
                const int c = j - r;
                const double want = (c >= 0 && c < W) ? img[std::size_t((f * H + r) * W + c)] : 0;
                CHECK(sk[std::size_t((f * H + r) * S + j)] == want);
            }
    // the picture of the header: row 1 "e f g h" starts at skewed column 1
    CHECK(sk[std::size_t(1 * S + 1)] == img[std::size_t(1 * W + 0)]);
    CHECK(sk[std::size_t(2 * S + 5)] == img[std::size_t(2 * W + 3)]);
}

TEST_CASE("unskew(skew(x)) == x, and backward of each is the other's transpose") {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(-1, 1);
    for (int H : {1, 2, 5}) {
        for (int W : {1, 3, 7}) {
            CAPTURE(H);
            CAPTURE(W);
            const int F = 3, S = skewed_width(H, W);
            std::vector<double> x(std::size_t(F * H * W)), y(std::size_t(F * H * S));
            for (auto& v : x) v = u(rng);
            for (auto& v : y) v = u(rng);
            std::vector<double> sx(y.size()), back(x.size());
            skew_forward(sx.data(), x.data(), F, H, W);
            unskew_forward(back.data(), sx.data(), F, H, W);
            CHECK(back == x);
            // <skew x, y> == <x, skew^T y>: skew_backward adds skew^T y
            std::vector<double> sty(x.size(), 0.0), usy(y.size(), 0.0), ux(x.size());
            skew_backward(sty.data(), y.data(), F, H, W);
            double lhs = 0, rhs = 0;
            for (std::size_t k = 0; k < y.size(); ++k) lhs += sx[k] * y[k];
            for (std::size_t k = 0; k < x.size(); ++k) rhs += x[k] * sty[k];
            CHECK(lhs == doctest::Approx(rhs));
            // <unskew y, x> == <y, unskew^T x>
            unskew_forward(ux.data(), y.data(), F, H, W);
            unskew_backward(usy.data(), x.data(), F, H, W);
            lhs = rhs = 0;
            for (std::size_t k = 0; k < x.size(); ++k) lhs += ux[k] * x[k];
            for (std::size_t k = 0; k < y.size(); ++k) rhs += y[k] * usy[k];
            CHECK(lhs == doctest::Approx(rhs));
            // backward adds
            std::vector<double> acc(x.size(), 1.0);
            skew_backward(acc.data(), sx.data(), F, H, W);
            for (std::size_t k = 0; k < x.size(); ++k) CHECK(acc[k] == doctest::Approx(1 + x[k]));
        }
    }
}
