// The Sampling tab's engine side: one engine::Sampler driven off the frame. No ImGui here.
//
// Work runs in chunks on a std::async thread; while a chunk runs only that thread touches the
// sampler, and the panel draws View, a copy taken when the last chunk ended. A chunk does the
// pending step-backs, then the pending jump (drawn in cached mode: both modes draw the same
// pixels, so a jump is only faster), then the pending steps, and returns after ~25 ms of work
// (or when cancelled), so the picture keeps moving and a Pause lands within one step.
//
// Speed is measured, not estimated: every chunk times its steps; rate(mode) is the number of
// pixel values drawn per second of sampling work in that mode over the last two seconds (the
// last measurement stays until a newer one), so naive and cached can be compared side by side.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "engine/sampler.hpp"

namespace ps::ui {

class SamplingRunner {
public:
    struct Setup {
        std::shared_ptr<const engine::Model<float>> model;  // kept alive while sampled
        int count = 16;
        std::uint64_t seed = 1;
        double temperature = 1.0;
        engine::SampleMode mode = engine::SampleMode::naive;
        engine::Tensor4<float> prefix;  // (count, C, H, W), used when keep_rows > 0
        int keep_rows = 0;
    };
    // What the panel draws: the sampler's state when the last chunk ended.
    struct View {
        bool valid = false;
        engine::Tensor4<float> images;  // (count, C, H, W)
        int count = 0;
        long long position = 0, total = 0, first = 0, last_position = -1;
        int row = 0, col = 0, channel = 0;  // of the next position
        bool done = false;
        engine::SampleMode mode = engine::SampleMode::naive;
        std::vector<std::vector<float>> dist;  // per image: the last step's distribution
        std::vector<float> last_values;        // per image: the value the last step drew
    };

    SamplingRunner() = default;
    ~SamplingRunner();  // cancels and waits for the running chunk
    SamplingRunner(const SamplingRunner&) = delete;
    SamplingRunner& operator=(const SamplingRunner&) = delete;

    // A new sampler (after the running chunk has stopped); draws up to position `jump_to`
    // (clamped to the image) in the background. hold_view: keep showing the old View until the
    // jump is done (new weights replayed to the same place: no flash of an empty image); only
    // when the old View has the same count and image shape. Throws what engine::Sampler throws.
    void restart(Setup setup, long long jump_to = 0, bool hold_view = false);
    bool has_sampler() const { return m_sampler != nullptr; }
    const Setup& setup() const { return m_setup; }

    void step(long long n);  // queue n more steps
    void run_to_end();       // queue every remaining step
    void back(long long n);  // queue n step-backs (pending steps are dropped)
    void jump_to(long long position);
    void cancel();                           // drop pending steps and stop the running chunk early
    void set_mode(engine::SampleMode mode);  // applied between chunks
    engine::SampleMode mode() const { return m_mode; }

    // Call once a frame: takes a finished chunk's result, starts the next. True if View changed.
    bool update();
    bool busy() const { return m_task.valid() || pending(); }
    bool pending() const { return m_backs > 0 || m_jump >= 0 || m_steps > 0; }
    long long pending_steps() const { return m_steps; }
    const View& view() const { return m_view; }
    const std::string& error() const { return m_error; }

    // Pixel values drawn per second of work in `mode` (0 until measured), and the seconds one step
    // of the whole batch took on average in the same window.
    double rate(engine::SampleMode mode) const { return m_rate[int(mode)]; }
    double step_seconds(engine::SampleMode mode) const { return m_step_seconds[int(mode)]; }

private:
    struct Chunk {
        long long backs = 0, jump = -1, steps = 0;
        engine::SampleMode mode = engine::SampleMode::naive;
    };
    struct Result {
        long long backs = 0, jumped = 0, steps = 0;  // done
        double jump_seconds = 0, step_seconds = 0;
        std::string error;
    };
    static Result run_chunk(engine::Sampler& sampler, Chunk chunk, std::atomic<bool>& cancel);
    void wait();
    void copy_view();
    void measure(engine::SampleMode mode, long long steps, double seconds);

    Setup m_setup;
    std::unique_ptr<engine::Sampler> m_sampler;
    engine::SampleMode m_mode = engine::SampleMode::naive;
    std::future<Result> m_task;
    Chunk m_running;
    std::atomic<bool> m_cancel{false};
    long long m_backs = 0, m_jump = -1, m_steps = 0;
    View m_view;
    bool m_hold_view = false;
    std::string m_error;

    struct Sample {
        std::chrono::steady_clock::time_point at;
        long long values;
        long long steps;
        double seconds;
    };
    std::deque<Sample> m_samples[2];
    double m_rate[2] = {0, 0};
    double m_step_seconds[2] = {0, 0};
};

}  // namespace ps::ui
