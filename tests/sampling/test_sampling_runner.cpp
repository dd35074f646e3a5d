// The Sampling tab's runner: the engine sampler driven in chunks off the caller's thread. What the
// tab relies on: queued steps, step-backs and jumps land exactly; a jump (drawn in cached mode)
// gives the same pixels as stepping in naive mode; a restart with hold_view keeps the old picture
// until the replay is done; the speed counter is a measurement.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "engine/sampler.hpp"
#include "ui/sampling_runner.hpp"

using namespace ps;
using ps::ui::SamplingRunner;

namespace {

std::shared_ptr<const engine::Model<float>> tiny_model(const std::string& arch, int channels = 1) {
    engine::ModelConfig c;
    c.arch = arch;
    c.h = 4;
    c.layers = 1;
    c.channels = channels;
    c.height = c.width = 6;
    c.output = channels == 1 ? engine::OutputKind::bernoulli : engine::OutputKind::softmax256;
    return std::shared_ptr<const engine::Model<float>>(engine::make_model<float>(c, 3));
}

SamplingRunner::Setup setup_for(std::shared_ptr<const engine::Model<float>> model,
                                engine::SampleMode mode, int count = 3) {
    SamplingRunner::Setup s;
    s.model = std::move(model);
    s.count = count;
    s.seed = 7;
    s.mode = mode;
    return s;
}

// Calls update() as the frame loop does until no work is left (bounded: a hang fails the test).
void settle(SamplingRunner& r) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (r.busy()) {
        r.update();
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    r.update();
}

bool same_images(const engine::Tensor4<float>& a, const engine::Tensor4<float>& b) {
    if (a.shape() != b.shape()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a.data()[i] != b.data()[i]) return false;
    return true;
}

}  // namespace

TEST_CASE("queued steps, step-backs and run-to-end land exactly") {
    SamplingRunner r;
    r.restart(setup_for(tiny_model("pixelcnn"), engine::SampleMode::naive));
    REQUIRE(r.view().valid);
    CHECK(r.view().position == 0);
    CHECK(r.view().last_position == -1);
    r.step(5);
    settle(r);
    CHECK(r.view().position == 5);
    CHECK(r.view().row == 0);
    CHECK(r.view().col == 5);
    CHECK(r.view().last_position == 4);
    const engine::Tensor4<float> after5 = r.view().images;
    const std::vector<std::vector<float>> dist5 = r.view().dist;
    r.step(3);
    settle(r);
    CHECK(r.view().position == 8);
    r.back(3);
    settle(r);
    CHECK(r.view().position == 5);
    CHECK(same_images(r.view().images, after5));
    CHECK(r.view().dist == dist5);
    r.back(100);  // more than there is: stops at the first position
    settle(r);
    CHECK(r.view().position == 0);
    r.run_to_end();
    settle(r);
    CHECK(r.view().done);
    CHECK(r.view().position == 36);
    CHECK(r.view().row == 6);  // past the last row
    CHECK(r.rate(engine::SampleMode::naive) > 0);
    CHECK(r.step_seconds(engine::SampleMode::naive) > 0);
}

TEST_CASE("a jump (cached) draws what naive stepping draws, for every architecture") {
    for (const char* arch : {"pixelcnn", "rowlstm", "diagbilstm", "gated"}) {
        for (int channels : {1, 3}) {
            CAPTURE(arch);
            CAPTURE(channels);
            const auto model = tiny_model(arch, channels);
            const long long target = 2LL * 6 * channels + 3;  // mid-row, mid-pixel for RGB
            SamplingRunner stepped, jumped;
            stepped.restart(setup_for(model, engine::SampleMode::naive));
            stepped.step(target);
            settle(stepped);
            jumped.restart(setup_for(model, engine::SampleMode::naive), target);
            settle(jumped);
            CHECK(jumped.view().position == target);
            CHECK(same_images(jumped.view().images, stepped.view().images));
            CHECK(jumped.view().last_values == stepped.view().last_values);
            CHECK(jumped.mode() == engine::SampleMode::naive);  // the jump did not keep cached
            CHECK(jumped.rate(engine::SampleMode::cached) > 0);
            // then both continue in naive mode with the same draws
            stepped.step(4);
            jumped.step(4);
            settle(stepped);
            settle(jumped);
            CHECK(same_images(jumped.view().images, stepped.view().images));
        }
    }
}

TEST_CASE("jump_to backwards undoes; a mode switch keeps the draws") {
    const auto model = tiny_model("pixelcnn");
    SamplingRunner a, b;
    a.restart(setup_for(model, engine::SampleMode::naive));
    a.step(20);
    settle(a);
    const engine::Tensor4<float> at20 = a.view().images;
    a.step(10);
    settle(a);
    a.jump_to(20);
    settle(a);
    CHECK(a.view().position == 20);
    CHECK(same_images(a.view().images, at20));

    b.restart(setup_for(model, engine::SampleMode::cached));
    b.step(10);
    settle(b);
    b.set_mode(engine::SampleMode::naive);
    b.step(10);
    settle(b);
    CHECK(b.view().mode == engine::SampleMode::naive);
    CHECK(same_images(b.view().images, at20));
}

TEST_CASE("restart with hold_view shows the old picture until the replay is done") {
    const auto model = tiny_model("pixelcnn");
    SamplingRunner r;
    r.restart(setup_for(model, engine::SampleMode::naive));
    r.step(12);
    settle(r);
    const engine::Tensor4<float> before = r.view().images;
    SamplingRunner::Setup other = setup_for(model, engine::SampleMode::naive);
    other.seed = 99;
    r.restart(other, 12, /*hold_view=*/true);
    CHECK(r.view().position == 12);  // the old view, not an empty image
    CHECK(same_images(r.view().images, before));
    settle(r);
    CHECK(r.view().position == 12);
    CHECK_FALSE(same_images(r.view().images, before));  // seed 99 drew other pixels

    r.restart(other, 12, /*hold_view=*/false);
    CHECK(r.view().position == 0);  // shown from the start while it replays
    settle(r);
    CHECK(r.view().position == 12);
}

TEST_CASE("completion: the prefix rows are kept and not drawn") {
    const auto model = tiny_model("gated");
    SamplingRunner::Setup s = setup_for(model, engine::SampleMode::cached, 2);
    s.prefix = engine::Tensor4<float>({2, 1, 6, 6});
    for (std::size_t i = 0; i < s.prefix.size(); ++i) s.prefix.data()[i] = float((i / 5) % 2);
    s.keep_rows = 3;
    SamplingRunner r;
    r.restart(s);
    CHECK(r.view().first == 18);
    CHECK(r.view().position == 18);
    CHECK(r.view().row == 3);
    r.run_to_end();
    settle(r);
    CHECK(r.view().done);
    for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t y = 0; y < 3; ++y)
            for (std::size_t x = 0; x < 6; ++x)
                CHECK(r.view().images(b, 0, y, x) == s.prefix(b, 0, y, x));
}

TEST_CASE("a setup the engine refuses leaves no stale picture and says why") {
    const auto model = tiny_model("pixelcnn");
    SamplingRunner r;
    r.restart(setup_for(model, engine::SampleMode::naive));
    r.step(4);
    settle(r);
    REQUIRE(r.view().valid);
    SamplingRunner::Setup bad = setup_for(model, engine::SampleMode::naive, 2);
    bad.prefix = engine::Tensor4<float>({2, 1, 5, 6});  // the model draws 6x6
    bad.keep_rows = 3;
    CHECK_THROWS_WITH_AS(r.restart(bad), doctest::Contains("prefix"), engine::EngineError);
    CHECK_FALSE(r.view().valid);
    CHECK_FALSE(r.has_sampler());
    r.step(3);  // nothing to step: no crash, no work
    CHECK_FALSE(r.busy());
    r.restart(setup_for(model, engine::SampleMode::naive));  // and it recovers
    CHECK(r.view().valid);
}
