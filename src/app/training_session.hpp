// Live training on a worker thread (issue #7). The TrainingWorker owns the model, the optimiser
// (engine::Trainer) and the batch iterator; nothing else touches them. The UI talks to it in two
// directions only:
//
//   commands  start / pause / resume / stop / reset: a command slot under m_command_mutex, read
//             by the worker between batches (a batch is milliseconds, so Stop lands well within a
//             second); pause waits on a condition variable, keeping every bit of state (trainer,
//             Adam moments, iterator order, RNG), so Resume continues exactly where it left off.
//   snapshots the worker publishes TrainingView (metrics, the log, a copy of the averaged weights)
//             under m_publish_mutex with a version counter; poll() copies only when the version
//             moved and never waits on training work (the lock guards a copy, not a step).
//
// Divergence guard: a batch NLL that is not finite or exceeds 10x the running average stops the
// run and rolls the whole training state back to the last good one (kept every couple of seconds
// once the batch after it was healthy): weights, Adam's moments and step count, the running
// average. The message says so; Resume continues from exactly that state.
//
// No ImGui here: the tests (tests/training, also built with -fsanitize=thread) drive it directly.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "data/batch.hpp"
#include "data/dataset.hpp"
#include "engine/model.hpp"
#include "engine/trainer.hpp"

namespace ps::app {

struct TrainingConfig {
    engine::ModelConfig model;  // arch, h, layers; channels / size / output come from the data
    data::Binarize binarize = data::Binarize::threshold;
    int batch = 16;
    double lr = 1e-3;
    int threads = 1;
    // Budget: the first that is > 0 of steps, epochs, seconds (of training, pauses excluded).
    long long budget_steps = 0;
    double budget_epochs = 0;
    double budget_seconds = 60;
    std::uint64_t seed = 1;
    double ema = 0.99;              // Polyak averaging of the published weights (TrainerOptions)
    double test_every_seconds = 5;  // test NLL on a fixed subset, this often
    int test_images = 128;          // the first N test images (threshold-binarised)
    double publish_every_seconds = 0.25;  // metrics
    double weights_every_seconds = 1.0;   // weight snapshots
    double good_every_seconds = 2.0;      // last-good copies for the divergence guard
    double divergence_factor = 10.0;      // loss > factor * running average -> diverged
    // > 0: the run pauses by itself once this many of its steps are done ("train 500 steps, then
    // look"); Resume goes on to the budget.
    long long pause_after_steps = 0;
    // > 0: the worker thread (and the trainer's threads, which inherit it) runs at this nice
    // level under SCHED_BATCH, so on a 2-core laptop the window's frames win the CPU over the
    // trainer; an idle window leaves the trainer the whole machine anyway. The GUI uses it.
    int nice = 0;
};

enum class TrainingState { idle, running, paused, finished, stopped, diverged, failed };
const char* to_string(TrainingState state);

// A copy of the weights the UI may hand to other panels (sampling, receptive field) and to
// checkpoint saves. Immutable once published.
struct ModelSnapshot {
    engine::ModelConfig config;
    std::vector<engine::Tensor1<float>> values;  // param order of make_model(config)
    long long step = 0, images = 0;
    std::string dataset;
    data::Binarize binarize = data::Binarize::threshold;
    double train_nll = std::numeric_limits<double>::quiet_NaN();
    // A model holding these values (make_model + copy). Throws EngineError on a mismatch.
    std::unique_ptr<engine::Model<float>> build() const;
};

// One row of the training log (a CSV line; the plots' points).
struct LogRow {
    long long step = 0, images = 0;
    double seconds = 0;
    double train_nll = std::numeric_limits<double>::quiet_NaN();  // running average, nats/image
    double test_nll = std::numeric_limits<double>::quiet_NaN();   // NaN when not evaluated here
    double images_per_second = 0;
};
std::string log_csv_header();
std::string log_csv_row(const LogRow& row);

struct TrainingMetrics {
    TrainingState state = TrainingState::idle;
    long long step = 0, images = 0;
    double train_nll = std::numeric_limits<double>::quiet_NaN();  // running average
    double test_nll = std::numeric_limits<double>::quiet_NaN();   // latest evaluation
    double images_per_second = 0;  // over the last second of training
    double elapsed = 0;            // seconds of training (pauses excluded)
    double eta = 0;                // seconds to the budget
    double progress = 0;           // 0..1 of the budget
    int epoch = 0;
    std::string message;  // why it stopped (diverged, failed) or what happened last
};

struct TrainingView {
    TrainingMetrics metrics;
    std::vector<LogRow> log;
    std::shared_ptr<const ModelSnapshot> model;  // null before the first snapshot
    std::string dataset;
    TrainingConfig config;
};

// The exact training state a run ended in (stopped, finished, or rolled back by the divergence
// guard), kept by the worker so that Resume continues it with Adam's moments, not afresh.
struct ResumeState {
    engine::TrainerState state;
    long long step = 0, images = 0;
    engine::ModelConfig config;
};

class TrainingWorker {
public:
    TrainingWorker() = default;
    ~TrainingWorker();  // stops and joins
    TrainingWorker(const TrainingWorker&) = delete;
    TrainingWorker& operator=(const TrainingWorker&) = delete;

    // Starts a run on `dataset` with a new model, or, if a model was loaded (load_checkpoint) or
    // a run was stopped and `continue_model` is set, from those weights. False and error if a
    // run is active or the config does not fit the data (nothing starts then).
    bool start(const TrainingConfig& config, std::shared_ptr<const data::Dataset> dataset,
               std::string& error, bool continue_model = false);
    void pause();
    void resume();
    void stop();   // returns once the worker thread has ended (within about one batch)
    void reset();  // stop, drop the model and the log: back to idle

    // Replaces the current (stopped) model with a checkpoint's; the log restarts from its step.
    bool load_checkpoint(const std::string& path, std::string& error);
    // Writes the latest snapshot (safetensors, DESIGN.md §3) and the log as CSV beside it.
    bool save_checkpoint(const std::string& path, std::string& error) const;

    // Copies the published view into `out` if it changed since `seen_version`; returns whether
    // it did. Never waits on a training step.
    bool poll(std::uint64_t& seen_version, TrainingView& out) const;
    std::uint64_t version() const { return m_version.load(); }
    // The state the last run ended in (null while running, after reset or a checkpoint load).
    std::shared_ptr<const ResumeState> resume_state() const;
    bool active() const;  // running or paused
    TrainingState state() const;

private:
    enum class Command { none, pause, resume, stop };
    void run(TrainingConfig config, std::shared_ptr<const data::Dataset> dataset,
             std::shared_ptr<const ModelSnapshot> start_from,
             std::shared_ptr<const ResumeState> resume, std::vector<LogRow> log);
    void join();
    // Publishing (worker thread): under m_publish_mutex.
    void publish(const TrainingMetrics& metrics, const std::vector<LogRow>* log,
                 std::shared_ptr<const ModelSnapshot> model);
    void set_state(TrainingState state, const std::string& message);

    std::thread m_thread;
    mutable std::mutex m_command_mutex;
    std::condition_variable m_command_cv;
    Command m_command = Command::none;

    mutable std::mutex m_publish_mutex;
    TrainingView m_view;                          // guarded by m_publish_mutex
    std::shared_ptr<const ResumeState> m_resume;  // guarded by m_publish_mutex
    std::atomic<std::uint64_t> m_version{1};
};

// "runs/model.safetensors" -> "runs/model.csv"
std::string log_path_for(const std::string& checkpoint_path);

}  // namespace ps::app
