// Sampler: values of the right kind, a seed fixes the samples, completion keeps the prefix rows,
// and every draw conditions only on what came before it (a sample drawn with a later pixel
// changed beforehand is the same up to that pixel).
#include <doctest/doctest.h>

#include "engine/sampler.hpp"

using namespace ps::engine;

namespace {
ModelConfig cfg(int C, OutputKind kind) {
    ModelConfig c;
    c.h = 4;
    c.layers = 1;
    c.channels = C;
    c.height = 5;
    c.width = 4;
    c.output = kind;
    return c;
}
}  // namespace

TEST_CASE("sampler: value kinds, positions, and a seed fixes the samples") {
    for (auto kind : {OutputKind::bernoulli, OutputKind::softmax256}) {
        CAPTURE(to_string(kind));
        auto model = make_model<float>(cfg(3, kind), 2);
        Sampler a(*model, 3, 7), b(*model, 3, 7), other(*model, 3, 8);
        CHECK(a.row() == 0);
        CHECK(a.col() == 0);
        CHECK(a.channel() == 0);
        a.step();
        CHECK(a.channel() == 1);
        a.step();
        a.step();
        CHECK(a.col() == 1);
        CHECK(a.channel() == 0);
        a.run();
        b.run();
        other.run();
        CHECK(a.done());
        CHECK(a.images() == b.images());
        CHECK(a.images() != other.images());
        for (float v : a.images()) {
            if (kind == OutputKind::bernoulli) CHECK((v == 0.f || v == 1.f));
            else CHECK((v >= 0.f && v <= 255.f && v == float(int(v))));
        }
        CHECK(a.last_distribution().size() == (kind == OutputKind::bernoulli ? 1u : 256u));
    }
}

TEST_CASE("sampler: completion keeps the prefix rows and continues from the next row") {
    auto model = make_model<float>(cfg(1, OutputKind::bernoulli), 3);
    Sampler s(*model, 2, 1);
    Tensor4<float> prefix = xt::ones<float>({2, 1, 5, 4});
    s.reset(&prefix, 2);
    CHECK(s.row() == 2);
    s.run();
    for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t y = 0; y < 2; ++y)
            for (std::size_t x = 0; x < 4; ++x) CHECK(s.images()(b, 0, y, x) == 1.f);
    Tensor4<float> wrong = xt::ones<float>({1, 1, 5, 4});
    CHECK_THROWS_AS(s.reset(&wrong, 2), EngineError);
    CHECK_THROWS_AS(Sampler(*model, 0, 1), EngineError);
}
