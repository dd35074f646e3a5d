// Masked convolution: a hand-computed forward, fast path == plain loop (forward and backward),
// central-difference gradient checks in double, ReLU.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "engine/conv.hpp"
#include "engine/mask.hpp"

using namespace ps::engine;

namespace {

template <typename T>
std::vector<T> random_vec(std::size_t n, std::mt19937_64& rng, T lo = -1, T hi = 1) {
    std::uniform_real_distribution<double> u(lo, hi);
    std::vector<T> v(n);
    for (auto& x : v) x = T(u(rng));
    return v;
}

struct Case {
    int B, in, out, H, W, kh, kw;
    MaskType type;
    int groups;

    template <typename T>
    Tensor4<T> mask() const {
        return build_mask<T>(out, in, kh, kw, type, contiguous_groups(out, groups),
                             contiguous_groups(in, groups));
    }
    ConvShape shape() const { return ConvShape{B, in, out, H, W, kh, kw}; }
    std::size_t inputs() const { return std::size_t(B) * in * H * W; }    // B * C_in * H * W
    std::size_t outputs() const { return std::size_t(B) * out * H * W; }  // B * C_out * H * W
};

const Case k_cases[] = {
    {2, 1, 4, 6, 5, 7, 7, MaskType::A, 1}, {2, 3, 6, 5, 5, 7, 7, MaskType::A, 3},
    {3, 4, 4, 6, 6, 3, 3, MaskType::B, 1}, {2, 6, 6, 4, 7, 3, 3, MaskType::B, 3},
    {2, 8, 4, 5, 5, 1, 1, MaskType::B, 3}, {2, 5, 7, 4, 4, 1, 1, MaskType::B, 1},
    {2, 6, 12, 4, 5, 1, 3, MaskType::B, 3}, {1, 2, 3, 3, 3, 5, 5, MaskType::none, 1},
    {1, 3, 3, 4, 4, 1, 1, MaskType::A, 3},
    // C_in >= 8: the backward goes by taps (no im2col); kernels as wide as or wider than the image
    {2, 9, 6, 5, 6, 3, 3, MaskType::B, 3}, {2, 16, 16, 6, 7, 3, 3, MaskType::B, 1},
    {1, 8, 5, 4, 4, 5, 5, MaskType::none, 1}, {1, 12, 4, 3, 7, 7, 7, MaskType::A, 3},
    {2, 8, 6, 4, 5, 1, 3, MaskType::B, 1},
};

}  // namespace

TEST_CASE("3x3 mask A on a 4x4 input, by hand") {
    // in[y][x] = 4y + x + 1; w = [[1,2,3],[4,5,6],[7,8,9]] masked A keeps 1 2 3 / 4 . . / . . .
    // so out(y,x) = 0.5 + in(y-1,x-1) + 2 in(y-1,x) + 3 in(y-1,x+1) + 4 in(y,x-1)
    const std::vector<int> g{0};
    const auto mask = build_mask<float>(1, 1, 3, 3, MaskType::A, g, g);
    std::vector<float> w{1, 2, 3, 4, 5, 6, 7, 8, 9}, inp(16), out(16), out_fast(16), scratch;
    for (std::size_t k = 0; k < w.size(); ++k) w[k] *= mask.data()[k];
    for (int k = 0; k < 16; ++k) inp[std::size_t(k)] = float(k + 1);
    const float bias = 0.5f;
    const ConvShape s{1, 1, 1, 4, 4, 3, 3};
    conv2d_forward_ref(out.data(), inp.data(), w.data(), &bias, mask.data(), s);
    conv2d_forward(out_fast.data(), scratch, inp.data(), w.data(), &bias, kept_taps(mask), s);
    const float expect[16] = {0, 4, 8, 12, 8, 34, 44, 39, 28, 74, 84, 67, 48, 114, 124, 95};
    for (int k = 0; k < 16; ++k) {
        CAPTURE(k);
        CHECK(out[std::size_t(k)] == doctest::Approx(expect[k] + 0.5f));
        CHECK(out_fast[std::size_t(k)] == doctest::Approx(expect[k] + 0.5f));
    }
    CHECK(kept_taps(mask).count() == 4);
}

TEST_CASE_TEMPLATE("fast path == plain loop, forward and backward", T, float, double) {
    std::mt19937_64 rng(7);
    const double tol = std::is_same<T, float>::value ? 1e-4 : 1e-12;
    for (const Case& c : k_cases) {
        CAPTURE(c.kh);
        CAPTURE(c.kw);
        CAPTURE(c.in);
        CAPTURE(c.out);
        const auto mask = c.mask<T>();
        const ConvShape s = c.shape();
        const std::size_t ni = c.inputs(), no = c.outputs(), nw = mask.size();
        auto inp = random_vec<T>(ni, rng), w = random_vec<T>(nw, rng),
             bias = random_vec<T>(std::size_t(c.out), rng), dout = random_vec<T>(no, rng);
        for (std::size_t k = 0; k < nw; ++k) w[k] *= mask.data()[k];
        std::vector<T> o_ref(no), o_fast(no), scratch;
        conv2d_forward_ref(o_ref.data(), inp.data(), w.data(), bias.data(), mask.data(), s);
        conv2d_forward(o_fast.data(), scratch, inp.data(), w.data(), bias.data(), kept_taps(mask),
                       s);
        double worst = 0;
        for (std::size_t k = 0; k < no; ++k)
            worst = std::max(worst, double(std::abs(o_ref[k] - o_fast[k])));
        CHECK(worst < tol);
        // no bias (the GEMM writes out), whatever out held before; and accumulate adds
        const T* no_bias = nullptr;
        std::vector<T> o_nb = random_vec<T>(no, rng), o_acc = random_vec<T>(no, rng);
        const std::vector<T> acc_before = o_acc;
        conv2d_forward(o_nb.data(), scratch, inp.data(), w.data(), no_bias, kept_taps(mask), s);
        conv2d_forward(o_acc.data(), scratch, inp.data(), w.data(), bias.data(), kept_taps(mask),
                       s, true);
        conv2d_forward_ref(o_ref.data(), inp.data(), w.data(), no_bias, mask.data(), s);
        worst = 0;
        for (std::size_t k = 0; k < no; ++k) {
            const T with_bias = o_ref[k] + bias[(k / (std::size_t(c.H) * c.W)) % c.out];
            worst = std::max(worst, double(std::abs(o_ref[k] - o_nb[k])));
            worst = std::max(worst, double(std::abs(acc_before[k] + with_bias - o_acc[k])));
        }
        CHECK(worst < tol * 10);
        // backward adds: start both from the same non-zero values
        auto di_ref = random_vec<T>(ni, rng), dw_ref = random_vec<T>(nw, rng),
             db_ref = random_vec<T>(std::size_t(c.out), rng);
        for (std::size_t k = 0; k < nw; ++k) dw_ref[k] *= mask.data()[k];
        auto di_fast = di_ref, dw_fast = dw_ref, db_fast = db_ref;
        conv2d_backward_ref(di_ref.data(), dw_ref.data(), db_ref.data(), dout.data(), inp.data(),
                            w.data(), mask.data(), s);
        conv2d_backward(di_fast.data(), dw_fast.data(), db_fast.data(), scratch, dout.data(),
                        inp.data(), w.data(), mask.data(), kept_taps(mask), s);
        worst = 0;
        for (std::size_t k = 0; k < ni; ++k)
            worst = std::max(worst, double(std::abs(di_ref[k] - di_fast[k])));
        for (std::size_t k = 0; k < nw; ++k) {
            worst = std::max(worst, double(std::abs(dw_ref[k] - dw_fast[k])));
            if (mask.data()[k] == T(0)) CHECK(dw_fast[k] == T(0));  // masked stays exact zero
        }
        for (std::size_t k = 0; k < std::size_t(c.out); ++k)
            worst = std::max(worst, double(std::abs(db_ref[k] - db_fast[k])));
        CHECK(worst < tol * 10);
    }
}

TEST_CASE("conv gradients match central differences (double)") {
    std::mt19937_64 rng(11);
    for (const Case& c : k_cases) {
        CAPTURE(c.kh);
        CAPTURE(c.in);
        const auto mask = c.mask<double>();
        const ConvShape s = c.shape();
        const std::size_t ni = c.inputs(), no = c.outputs(), nw = mask.size();
        auto inp = random_vec<double>(ni, rng), w = random_vec<double>(nw, rng),
             bias = random_vec<double>(std::size_t(c.out), rng),
             proj = random_vec<double>(no, rng);
        for (std::size_t k = 0; k < nw; ++k) w[k] *= mask.data()[k];
        const auto taps = kept_taps(mask);
        std::vector<double> scratch, out(no);
        // L = sum(proj * out), so dL/dout = proj
        auto loss = [&] {
            conv2d_forward(out.data(), scratch, inp.data(), w.data(), bias.data(), taps, s);
            double L = 0;
            for (std::size_t k = 0; k < no; ++k) L += proj[k] * out[k];
            return L;
        };
        std::vector<double> di(ni, 0.0), dw(nw, 0.0), db(std::size_t(c.out), 0.0);
        conv2d_backward(di.data(), dw.data(), db.data(), scratch, proj.data(), inp.data(),
                        w.data(), mask.data(), taps, s);
        const double eps = 1e-6;
        auto check_all = [&](std::vector<double>& v, const std::vector<double>& grad,
                             const double* m) {
            for (std::size_t k = 0; k < v.size(); ++k) {
                if (m && m[k] == 0.0) {
                    CHECK(grad[k] == 0.0);
                    continue;
                }
                const double keep = v[k];
                v[k] = keep + eps;
                const double lp = loss();
                v[k] = keep - eps;
                const double lm = loss();
                v[k] = keep;
                const double num = (lp - lm) / (2 * eps);
                CAPTURE(k);
                REQUIRE(std::abs(num - grad[k]) <= 1e-6 * (1 + std::abs(num)));
            }
        };
        check_all(inp, di, nullptr);
        check_all(w, dw, mask.data());
        check_all(bias, db, nullptr);
    }
}

TEST_CASE("conv backward with overwrite_dinp equals adding into zeros, whatever dinp held") {
    std::mt19937_64 rng(3);
    for (const Case& c : k_cases) {
        CAPTURE(c.kh);
        const auto mask = c.mask<double>();
        const ConvShape s = c.shape();
        const std::size_t ni = c.inputs(), no = c.outputs(), nw = mask.size();
        auto inp = random_vec<double>(ni, rng), w = random_vec<double>(nw, rng),
             dout = random_vec<double>(no, rng);
        std::vector<double> scratch, dw(nw, 0.0), db(std::size_t(c.out), 0.0), di_add(ni, 0.0);
        auto di_over = random_vec<double>(ni, rng);  // garbage to be overwritten
        conv2d_backward(di_add.data(), dw.data(), db.data(), scratch, dout.data(), inp.data(),
                        w.data(), mask.data(), kept_taps(mask), s);
        conv2d_backward(di_over.data(), dw.data(), db.data(), scratch, dout.data(), inp.data(),
                        w.data(), mask.data(), kept_taps(mask), s, true);
        for (std::size_t k = 0; k < ni; ++k) REQUIRE(di_over[k] == doctest::Approx(di_add[k]));
    }
}

TEST_CASE("relu forward and backward") {
    const std::vector<float> in{-2, -0.f, 0.5f, 3};
    std::vector<float> out(4), din{1, 1, 1, 1};
    relu_forward(out.data(), in.data(), 4);
    CHECK(out == std::vector<float>{0, 0, 0.5f, 3});
    const std::vector<float> dout{10, 20, 30, 40};
    relu_backward(din.data(), dout.data(), out.data(), 4);
    CHECK(din == std::vector<float>{1, 1, 31, 41});  // adds into din
    std::vector<float> d{5, 6, 7, 8};
    relu_backward_inplace(d.data(), out.data(), 4);
    CHECK(d == std::vector<float>{0, 0, 7, 8});
    // a bias per plane (B = 2, C = 2 planes of 2 values), then the ReLU
    const std::vector<float> pre{-1, 1, 0.5f, -3, 2, -2, -1, 0}, bias{0.5f, 2};
    std::vector<float> r(8);
    bias_relu_forward(r.data(), pre.data(), bias.data(), 2, 2, 2);
    CHECK(r == std::vector<float>{0, 1.5f, 2.5f, 0, 2.5f, 0, 1, 2});
}
