// Binarisation (threshold exact, stochastic unbiased and reproducible, none), whole-set tensors,
// and the shuffled mini-batch iterator (coverage per epoch, seeds, remainders, speed).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "data/batch.hpp"
#include "test_helpers.hpp"

using namespace ps::data;
using namespace ps::test;

namespace {

// Every byte value once per image, 16 images of 1x16x16.
Images all_values(int count = 16) {
    Images im;
    im.count = count;
    im.rows = 16;
    im.cols = 16;
    im.pixels.resize(std::size_t(count) * 256);
    for (std::size_t k = 0; k < im.pixels.size(); ++k) im.pixels[k] = std::uint8_t(k % 256);
    return im;
}

std::vector<int> iota(int n) {
    std::vector<int> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) v[std::size_t(i)] = i;
    return v;
}

}  // namespace

TEST_CASE("parse_binarize / to_string round trip") {
    for (Binarize m : {Binarize::none, Binarize::threshold, Binarize::stochastic}) {
        Binarize back = Binarize::none;
        REQUIRE(parse_binarize(to_string(m), back));
        CHECK(back == m);
    }
    Binarize x = Binarize::threshold;
    CHECK_FALSE(parse_binarize("Threshold", x));
    CHECK_FALSE(parse_binarize("", x));
    CHECK(x == Binarize::threshold);
}

TEST_CASE("threshold binarisation is exact: 1 iff pixel >= 128; none keeps 0..255") {
    const Images im = all_values(1);
    std::vector<float> out(256);
    convert_image(im.image(0), 256, Binarize::threshold, 0, out.data());
    for (int p = 0; p < 256; ++p) {
        CAPTURE(p);
        CHECK(out[std::size_t(p)] == (p >= 128 ? 1.0f : 0.0f));
    }
    convert_image(im.image(0), 256, Binarize::none, 0, out.data());
    for (int p = 0; p < 256; ++p) CHECK(out[std::size_t(p)] == float(p));
}

TEST_CASE("stochastic binarisation: mean close to pixel/255, reproducible per key") {
    // 40,000 draws of each of a few values: the mean is within 5 standard errors of p/255.
    constexpr std::size_t n = 40000;
    for (int p : {0, 1, 37, 128, 200, 254, 255}) {
        CAPTURE(p);
        const Bytes src(n, std::uint8_t(p));
        std::vector<float> out(n);
        convert_image(src.data(), n, Binarize::stochastic, stochastic_key(7, 0, p), out.data());
        double sum = 0;
        for (float v : out) {
            REQUIRE((v == 0.0f || v == 1.0f));
            sum += v;
        }
        const double q = p / 255.0, mean = sum / n;
        const double se = std::sqrt(q * (1 - q) / n);
        CHECK(std::abs(mean - q) <= 5 * se + 1e-12);
        if (p == 0) CHECK(sum == 0);
        if (p == 255) CHECK(sum == double(n));
    }

    // Odd length (the last pixel takes the tail path), same key -> same draws, other key differs.
    const Bytes src(1001, 128);
    std::vector<float> a(1001), b(1001), c(1001);
    convert_image(src.data(), src.size(), Binarize::stochastic, 42, a.data());
    convert_image(src.data(), src.size(), Binarize::stochastic, 42, b.data());
    convert_image(src.data(), src.size(), Binarize::stochastic, 43, c.data());
    CHECK(a == b);
    CHECK(a != c);
    CHECK(stochastic_key(1, 0, 5) != stochastic_key(1, 1, 5));
    CHECK(stochastic_key(1, 0, 5) != stochastic_key(2, 0, 5));
    CHECK(stochastic_key(1, 0, 5) != stochastic_key(1, 0, 6));
}

TEST_CASE("to_tensor: (N, C, H, W) in index order") {
    const Images im = all_values(4);
    const auto t = to_tensor(im, {3, 0}, Binarize::none);
    REQUIRE(t.shape() == std::array<std::size_t, 4>{2, 1, 16, 16});
    // Image i holds bytes (i*256 + k) % 256 = k, so check against the raw pixels instead.
    for (int b = 0; b < 2; ++b)
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x)
                REQUIRE(t(b, 0, y, x) == float(im.image(b == 0 ? 3 : 0)[y * 16 + x]));
    const auto bin = to_tensor(im, {1}, Binarize::threshold);
    CHECK(bin(0, 0, 7, 15) == 0.0f);  // pixel 127
    CHECK(bin(0, 0, 8, 0) == 1.0f);   // pixel 128
    CHECK_THROWS_AS(to_tensor(im, {4}, Binarize::none), std::out_of_range);
    CHECK_THROWS_AS(to_tensor(im, {-1}, Binarize::none), std::out_of_range);
    CHECK(to_tensor(im, {}, Binarize::none).size() == 0u);
}

TEST_CASE("shuffle_indices: a permutation, fixed by the seed") {
    std::vector<int> a = iota(1000), b = iota(1000), c = iota(1000);
    std::mt19937_64 ra(5), rb(5), rc(6);
    shuffle_indices(a, ra);
    shuffle_indices(b, rb);
    shuffle_indices(c, rc);
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a != iota(1000));
    std::vector<int> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == iota(1000));
    // Every position receives many different values across seeds (no fixed points in law).
    std::set<int> first;
    for (std::uint64_t s = 0; s < 200; ++s) {
        std::vector<int> v = iota(10);
        std::mt19937_64 r(s);
        shuffle_indices(v, r);
        first.insert(v[0]);
    }
    CHECK(first.size() == 10u);
}

TEST_CASE("BatchIterator: every index once per epoch, reshuffled, reproducible per seed") {
    Images im;
    im.count = 100;
    im.rows = im.cols = 2;
    im.pixels = ramp(400);
    // A train list that skips some images (as Dataset::train does).
    std::vector<int> train;
    for (int i = 0; i < 100; ++i)
        if (i % 5 != 4) train.push_back(i);

    BatchIterator it(im, train, 16, Binarize::none, 123);
    CHECK(it.batches_per_epoch() == 5);  // 80 / 16
    std::vector<std::vector<int>> epochs(3);
    for (int e = 0; e < 3; ++e) {
        for (int k = 0; k < it.batches_per_epoch(); ++k) {
            const auto& batch = it.next();
            CHECK(it.epoch() == e);
            REQUIRE(batch.shape()[0] == it.batch_indices().size());
            // The tensor holds the images the indices name.
            for (std::size_t b = 0; b < it.batch_indices().size(); ++b)
                REQUIRE(batch(b, 0, 1, 1) == float(im.image(it.batch_indices()[b])[3]));
            epochs[std::size_t(e)].insert(epochs[std::size_t(e)].end(), it.batch_indices().begin(),
                                          it.batch_indices().end());
        }
        CHECK(it.epoch_finished());
        std::vector<int> sorted = epochs[std::size_t(e)];
        std::sort(sorted.begin(), sorted.end());
        CHECK(sorted == train);  // each train index exactly once, nothing else
    }
    CHECK(epochs[0] != epochs[1]);  // reshuffled each epoch
    CHECK(epochs[1] != epochs[2]);

    BatchIterator same(im, train, 16, Binarize::none, 123),
        other(im, train, 16, Binarize::none, 124);
    std::vector<int> s, o;
    for (int k = 0; k < 5; ++k) {
        same.next();
        other.next();
        s.insert(s.end(), same.batch_indices().begin(), same.batch_indices().end());
        o.insert(o.end(), other.batch_indices().begin(), other.batch_indices().end());
    }
    CHECK(s == epochs[0]);
    CHECK(o != epochs[0]);
}

TEST_CASE("BatchIterator: remainder batch, drop_last, bad arguments") {
    Images im;
    im.count = 10;
    im.rows = im.cols = 1;
    im.pixels = ramp(10);
    BatchIterator it(im, iota(10), 4, Binarize::none, 1);
    CHECK(it.batches_per_epoch() == 3);
    CHECK(it.next().shape()[0] == 4u);
    CHECK(it.next().shape()[0] == 4u);
    CHECK(it.next().shape()[0] == 2u);
    CHECK(it.epoch_finished());
    CHECK(it.next().shape()[0] == 4u);
    CHECK(it.epoch() == 1);

    BatchIterator drop(im, iota(10), 4, Binarize::none, 1, true);
    CHECK(drop.batches_per_epoch() == 2);
    drop.next();
    drop.next();
    CHECK(drop.epoch() == 0);
    CHECK(drop.next().shape()[0] == 4u);
    CHECK(drop.epoch() == 1);

    CHECK_THROWS_AS(BatchIterator(im, iota(10), 0, Binarize::none, 1), std::invalid_argument);
    CHECK_THROWS_AS(BatchIterator(im, {}, 4, Binarize::none, 1), std::invalid_argument);
    CHECK_THROWS_AS(BatchIterator(im, {0, 10}, 4, Binarize::none, 1), std::out_of_range);
    CHECK_THROWS_AS(BatchIterator(im, iota(3), 4, Binarize::none, 1, true), std::invalid_argument);
}

TEST_CASE("BatchIterator: stochastic draws are redrawn each epoch and match to_tensor") {
    // One grey image (every pixel 128) repeated: each epoch draws it afresh.
    Images im;
    im.count = 3;
    im.rows = im.cols = 28;
    im.pixels.assign(3 * 784, 128);
    BatchIterator it(im, iota(3), 3, Binarize::stochastic, 99);
    const auto e0 = it.next();  // copies (B, C, H, W)
    const std::vector<int> idx0 = it.batch_indices();
    const auto e1 = it.next();
    const std::vector<int> idx1 = it.batch_indices();
    REQUIRE(it.epoch() == 1);

    // Same image in the two epochs: different draws.
    const auto pos0 = std::find(idx0.begin(), idx0.end(), 0) - idx0.begin();
    const auto pos1 = std::find(idx1.begin(), idx1.end(), 0) - idx1.begin();
    const auto a = xt::xtensor<float, 3>(xt::view(e0, pos0));
    const auto b = xt::xtensor<float, 3>(xt::view(e1, pos1));
    CHECK(a != b);
    // And the draws are exactly to_tensor's for that seed and epoch.
    CHECK(to_tensor(im, idx0, Binarize::stochastic, 99, 0) == e0);
    CHECK(to_tensor(im, idx1, Binarize::stochastic, 99, 1) == e1);
    // Mean close to 1/2 over the 3 * 784 draws.
    CHECK(xt::mean(e0)() == doctest::Approx(128.0 / 255).epsilon(0.1));
}

TEST_CASE("a batch of 16 28x28 images takes microseconds") {
    Images im;
    im.count = 8000;
    im.rows = im.cols = 28;
    im.pixels = ramp(8000u * 784u);
    for (Binarize mode : {Binarize::none, Binarize::threshold, Binarize::stochastic}) {
        BatchIterator it(im, iota(8000), 16, mode, 3);
        it.next();
        const int n = 2000;
        const auto t0 = std::chrono::steady_clock::now();
        double guard = 0;
        for (int k = 0; k < n; ++k) guard += it.next()(0, 0, 0, 0);
        const double us =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0)
                .count() /
            n;
        MESSAGE(std::string(to_string(mode))
                << ": " << us << " us per batch of 16 (guard " << guard << ")");
        // Generous bound for a loaded 2-core machine; typical is 10-30 us.
        CHECK(us < 1000.0);
    }
}
