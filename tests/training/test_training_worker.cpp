// The live-training worker (app/training_session.hpp): start / pause / resume / stop, snapshots
// and the log, Stop within a second, Pause/Resume exactness, the divergence guard, and a
// checkpoint round trip that continues training. Also built with -fsanitize=thread (tests/tsan).
//
// Data: a small synthetic set (16x16 vertical stripes of random phase, pixel = 0 or 255) so a
// step takes about a millisecond, even under ThreadSanitizer.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include <unistd.h>

#include "app/training_session.hpp"
#include "engine/checkpoint.hpp"

using namespace ps;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

std::shared_ptr<const data::Dataset> stripes_dataset(int count = 200, int size = 16) {
    auto d = std::make_shared<data::Dataset>();
    d->name = "stripes";
    d->images.count = count;
    d->images.channels = 1;
    d->images.rows = d->images.cols = size;
    d->images.pixels.resize(std::size_t(count) * size * size);
    std::mt19937_64 rng(7);
    for (int i = 0; i < count; ++i) {
        const int phase = int(rng() % 4);
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                d->images.pixels[(std::size_t(i) * size + y) * size + x] =
                    ((x + phase) / 2) % 2 == 0 ? 255 : 0;
    }
    data::split_by_index(count, d->train, d->test);
    return d;
}

app::TrainingConfig small_config() {
    app::TrainingConfig c;
    c.model.arch = "pixelcnn";
    c.model.h = 8;
    c.model.layers = 2;
    c.batch = 8;
    c.budget_seconds = 0;
    c.budget_steps = 0;
    c.test_images = 16;
    c.test_every_seconds = 0.2;
    c.weights_every_seconds = 0.1;
    c.publish_every_seconds = 0.05;
    c.good_every_seconds = 0.1;
    return c;
}

// Polls until pred(view) or the timeout; returns the last view.
template <typename Pred>
app::TrainingView wait_for(const app::TrainingWorker& w, Pred pred, double seconds = 30) {
    app::TrainingView view;
    std::uint64_t seen = 0;
    const auto t0 = clock_type::now();
    for (;;) {
        w.poll(seen, view);
        if (pred(view)) return view;
        if (std::chrono::duration<double>(clock_type::now() - t0).count() > seconds) return view;
        std::this_thread::sleep_for(5ms);
    }
}

bool same_values(const app::ModelSnapshot& a, const app::ModelSnapshot& b) {
    if (a.values.size() != b.values.size()) return false;
    for (std::size_t k = 0; k < a.values.size(); ++k)
        if (!(a.values[k] == b.values[k])) return false;
    return true;
}

bool finite_values(const app::ModelSnapshot& s) {
    for (const auto& t : s.values)
        for (float v : t)
            if (!std::isfinite(v)) return false;
    return true;
}

}  // namespace

TEST_CASE("worker: a step budget runs to the end and publishes weights, metrics and a log") {
    app::TrainingWorker w;
    app::TrainingConfig c = small_config();
    c.budget_steps = 60;
    std::string error;
    REQUIRE(w.start(c, stripes_dataset(), error));
    const app::TrainingView v = wait_for(
        w,
        [](const app::TrainingView& v) { return v.metrics.state == app::TrainingState::finished; },
        300);
    REQUIRE(v.metrics.state == app::TrainingState::finished);
    CHECK(v.metrics.step == 60);
    CHECK(v.metrics.images == 60 * 8);
    REQUIRE(v.model);
    CHECK(v.model->step == 60);
    CHECK(finite_values(*v.model));
    CHECK(v.model->build()->params().size() > 0);
    REQUIRE(v.log.size() >= 2);
    CHECK(std::isfinite(v.log.front().test_nll));           // the step-0 test point
    CHECK(std::isfinite(v.log.back().test_nll));            // the final evaluation
    CHECK(v.log.back().test_nll < v.log.front().test_nll);  // stripes are easy: it learns
    CHECK(v.metrics.progress == doctest::Approx(1.0));
    // the version does not move once the run has ended: a second poll copies nothing
    std::uint64_t seen = w.version();
    app::TrainingView again;
    CHECK_FALSE(w.poll(seen, again));
}

TEST_CASE("worker: stop takes effect within a second and a second start is refused while running") {
    app::TrainingWorker w;
    std::string error;
    REQUIRE(w.start(small_config(), stripes_dataset(), error));  // no budget: runs until stopped
    wait_for(w, [](const app::TrainingView& v) { return v.metrics.step > 5; });
    CHECK_FALSE(w.start(small_config(), stripes_dataset(), error));
    CHECK(error.find("already running") != std::string::npos);
    const auto t0 = clock_type::now();
    w.stop();
    const double took = std::chrono::duration<double>(clock_type::now() - t0).count();
    CHECK(took < 1.0);
    CHECK(w.state() == app::TrainingState::stopped);
    app::TrainingView v;
    std::uint64_t seen = 0;
    w.poll(seen, v);
    REQUIRE(v.model);
    CHECK(v.model->step == v.metrics.step);  // the final weights are published on stop
}

TEST_CASE("worker: pause holds the step count; pause/resume gives exactly the same weights") {
    app::TrainingConfig c = small_config();
    c.budget_steps = 200;
    std::string error;
    auto finished = [](const app::TrainingView& v) {
        return v.metrics.state == app::TrainingState::finished;
    };

    app::TrainingWorker straight;
    REQUIRE(straight.start(c, stripes_dataset(), error));
    const app::TrainingView a = wait_for(straight, finished, 300);
    REQUIRE(a.model);
    REQUIRE(a.metrics.step == 200);

    // The first pause is given before the worker's first command check (it builds the model and
    // scores the test images first), so it always lands mid-run; the second lands wherever the
    // run is by then (or after its end, harmlessly).
    app::TrainingWorker paused;
    REQUIRE(paused.start(c, stripes_dataset(), error));
    paused.pause();
    const app::TrainingView p1 = wait_for(
        paused,
        [](const app::TrainingView& v) { return v.metrics.state == app::TrainingState::paused; },
        300);
    REQUIRE(p1.metrics.state == app::TrainingState::paused);
    std::this_thread::sleep_for(150ms);
    app::TrainingView p2;
    std::uint64_t seen = 0;
    paused.poll(seen, p2);
    CHECK(p2.metrics.state == app::TrainingState::paused);
    CHECK(p2.metrics.step == p1.metrics.step);  // no step while paused
    CHECK(p1.metrics.step < 200);
    paused.resume();
    wait_for(
        paused, [](const app::TrainingView& v) { return v.metrics.step >= 20; }, 300);
    paused.pause();
    std::this_thread::sleep_for(50ms);
    paused.resume();
    const app::TrainingView b = wait_for(paused, finished, 300);
    REQUIRE(b.model);
    CHECK(b.metrics.step == 200);
    CHECK(same_values(*a.model, *b.model));  // bit for bit: same batches, same Adam state
}

TEST_CASE("worker: a huge learning rate trips the divergence guard and restores good weights") {
    app::TrainingConfig c = small_config();
    c.lr = 1e4;
    c.budget_steps = 500;
    std::string error;
    app::TrainingWorker w;
    REQUIRE(w.start(c, stripes_dataset(), error));
    const app::TrainingView v = wait_for(w, [](const app::TrainingView& v) {
        return v.metrics.state != app::TrainingState::running;
    });
    REQUIRE(v.metrics.state == app::TrainingState::diverged);
    CHECK(v.metrics.message.find("diverged") != std::string::npos);
    CHECK(v.metrics.message.find("restored") != std::string::npos);
    REQUIRE(v.model);
    CHECK(finite_values(*v.model));
    CHECK(v.model->step == v.metrics.step);
    CHECK(v.metrics.step < 500);
    // the restored weights give a sane loss (nats per 16x16 image: at most ~256 ln 2 per image
    // plus slack), not the exploded one
    CHECK(std::isfinite(v.log.front().test_nll));
}

namespace {

bool same_tensors(const std::vector<engine::Tensor1<float>>& a,
                  const std::vector<engine::Tensor1<float>>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!(a[k] == b[k])) return false;
    return true;
}

// Bit for bit: weights, Adam's moments and step count, the running average.
void check_same_state(const app::ResumeState& a, const app::ResumeState& b) {
    CHECK(a.step == b.step);
    CHECK(a.images == b.images);
    CHECK(a.state.adam.t == b.state.adam.t);
    CHECK(same_tensors(a.state.values, b.state.values));
    CHECK(same_tensors(a.state.adam.m, b.state.adam.m));
    CHECK(same_tensors(a.state.adam.v, b.state.adam.v));
    CHECK(same_tensors(a.state.average, b.state.average));
}

bool ended(const app::TrainingView& v) {
    return v.metrics.state != app::TrainingState::running &&
           v.metrics.state != app::TrainingState::idle;
}

}  // namespace

TEST_CASE(
    "worker: the divergence guard rolls weights, Adam's moments and step count back exactly") {
    // Every step is a candidate good state (good_every_seconds = 0), so where the run diverges
    // and what it rolls back to depend on the steps only: a second run stopped at that step by
    // its budget must hold the very same state.
    app::TrainingConfig c = small_config();
    c.lr = 0.3;
    c.divergence_factor = 3;
    c.good_every_seconds = 0;
    c.budget_steps = 2000;
    std::string error;
    app::TrainingWorker a;
    REQUIRE(a.start(c, stripes_dataset(), error));
    const app::TrainingView va = wait_for(a, ended, 300);
    REQUIRE(va.metrics.state == app::TrainingState::diverged);
    CHECK(va.metrics.message.find("optimiser state") != std::string::npos);
    const long long good = va.metrics.step;
    MESSAGE("diverged, rolled back to step " << good);
    REQUIRE(good > 5);
    const auto ra = a.resume_state();
    REQUIRE(ra);
    CHECK(ra->step == good);
    CHECK(ra->state.adam.t == good);  // Adam's step count went back too (its bias corrections)

    app::TrainingWorker b;
    c.budget_steps = good;
    REQUIRE(b.start(c, stripes_dataset(), error));
    const app::TrainingView vb = wait_for(b, ended, 300);
    REQUIRE(vb.metrics.state == app::TrainingState::finished);
    const auto rb = b.resume_state();
    REQUIRE(rb);
    check_same_state(*ra, *rb);
    REQUIRE(va.model);
    REQUIRE(vb.model);
    CHECK(same_values(*va.model, *vb.model));  // the published (averaged) weights as well

    // Resume both with a sane learning rate: they go on identically, from the restored moments
    c.lr = 1e-3;
    c.budget_steps = 20;
    c.divergence_factor = 10;
    REQUIRE(a.start(c, stripes_dataset(), error, /*continue_model=*/true));
    REQUIRE(b.start(c, stripes_dataset(), error, /*continue_model=*/true));
    const app::TrainingView a2 = wait_for(a, ended, 300);
    const app::TrainingView b2 = wait_for(b, ended, 300);
    REQUIRE(a2.metrics.state == app::TrainingState::finished);
    REQUIRE(b2.metrics.state == app::TrainingState::finished);
    CHECK(a2.metrics.step == good + 20);
    REQUIRE(a.resume_state());
    CHECK(a.resume_state()->state.adam.t == good + 20);  // the step count went on, not afresh
    check_same_state(*a.resume_state(), *b.resume_state());
}

TEST_CASE("worker: N steps straight == N/2 steps, pause, resume, N/2 steps, bit for bit") {
    app::TrainingConfig c = small_config();
    c.budget_steps = 120;
    std::string error;
    app::TrainingWorker straight;
    REQUIRE(straight.start(c, stripes_dataset(), error));
    const app::TrainingView a = wait_for(straight, ended, 300);
    REQUIRE(a.metrics.state == app::TrainingState::finished);

    c.pause_after_steps = 60;
    app::TrainingWorker paused;
    REQUIRE(paused.start(c, stripes_dataset(), error));
    const app::TrainingView p = wait_for(paused, ended, 300);
    REQUIRE(p.metrics.state == app::TrainingState::paused);
    CHECK(p.metrics.step == 60);
    std::this_thread::sleep_for(100ms);
    paused.resume();
    const app::TrainingView b = wait_for(
        paused,
        [](const app::TrainingView& v) { return v.metrics.state == app::TrainingState::finished; },
        300);
    REQUIRE(b.metrics.state == app::TrainingState::finished);
    CHECK(b.metrics.step == 120);
    REQUIRE(a.model);
    REQUIRE(b.model);
    CHECK(same_values(*a.model, *b.model));
    REQUIRE(straight.resume_state());
    REQUIRE(paused.resume_state());
    check_same_state(*straight.resume_state(), *paused.resume_state());
}

TEST_CASE("worker: save, load and continue; bad inputs are messages") {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("ps_training_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "m.safetensors").string();
    std::string error;

    app::TrainingWorker w;
    CHECK_FALSE(w.save_checkpoint(path, error));  // nothing trained yet
    CHECK(error.find("no trained model") != std::string::npos);

    app::TrainingConfig c = small_config();
    c.budget_steps = 30;
    REQUIRE(w.start(c, stripes_dataset(), error));
    const app::TrainingView a = wait_for(w, [](const app::TrainingView& v) {
        return v.metrics.state == app::TrainingState::finished;
    });
    REQUIRE(w.save_checkpoint(path, error));
    CHECK(std::filesystem::exists(dir / "m.csv"));

    // the engine loader reads what the worker wrote (so `pixelscope eval/sample` does too)
    const engine::LoadedModel lm = engine::load_model(path);
    REQUIRE(lm.ok);
    CHECK(lm.metadata.at("step") == "30");

    app::TrainingWorker w2;
    REQUIRE(w2.load_checkpoint(path, error));
    app::TrainingView loaded;
    std::uint64_t seen = 0;
    w2.poll(seen, loaded);
    REQUIRE(loaded.model);
    CHECK(loaded.model->step == 30);
    CHECK(same_values(*loaded.model, *a.model));
    CHECK(loaded.log.size() == a.log.size());

    // continue from the loaded weights: the step count goes on from 30
    c.budget_steps = 20;
    REQUIRE(w2.start(c, stripes_dataset(), error, /*continue_model=*/true));
    const app::TrainingView b = wait_for(w2, [](const app::TrainingView& v) {
        return v.metrics.state == app::TrainingState::finished;
    });
    CHECK(b.metrics.step == 50);

    // errors are messages naming the file
    CHECK_FALSE(w2.load_checkpoint((dir / "missing.safetensors").string(), error));
    CHECK(error.find("missing.safetensors") != std::string::npos);
    {
        std::FILE* f = std::fopen((dir / "junk.safetensors").c_str(), "wb");
        REQUIRE(f);
        std::fputs("not a checkpoint", f);
        std::fclose(f);
    }
    CHECK_FALSE(w2.load_checkpoint((dir / "junk.safetensors").string(), error));
    CHECK(error.find("junk.safetensors") != std::string::npos);
    // a model for 16x16 images does not continue on 12x12 data
    REQUIRE(w2.load_checkpoint(path, error));
    CHECK_FALSE(w2.start(c, stripes_dataset(100, 12), error, true));
    CHECK(error.find("16x16") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("worker: reset drops the model; destruction while running joins cleanly") {
    std::string error;
    {
        app::TrainingWorker w;
        REQUIRE(w.start(small_config(), stripes_dataset(), error));
        wait_for(w, [](const app::TrainingView& v) { return v.model != nullptr; });
        w.reset();
        app::TrainingView v;
        std::uint64_t seen = 0;
        w.poll(seen, v);
        CHECK(v.metrics.state == app::TrainingState::idle);
        CHECK(!v.model);
        CHECK(v.log.empty());
        REQUIRE(w.start(small_config(), stripes_dataset(), error));
        w.pause();
    }  // destroyed while paused: stop wakes it and joins
    {
        app::TrainingWorker w;
        REQUIRE(w.start(small_config(), stripes_dataset(), error));
    }  // destroyed while running
    CHECK(true);
}
