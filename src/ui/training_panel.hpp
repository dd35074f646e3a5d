// The Training tab (issue #7): settings, Train / Pause / Resume / Stop / Reset, live NLL curves
// against images seen (nats or bits/dim, with the PixelRNN paper's numbers for reference), speed,
// elapsed, ETA, a 4x4 grid of samples from the latest weights, and 8 completions (the top half of
// test digits given, the bottom half drawn by the model).
//
// The model lives in app::TrainingWorker (AppState::trainer.worker, its own thread). update()
// runs every frame whatever the tab: it copies a new published view only when the worker's
// version moved, hands the latest snapshot to AppState (for the Sampling / Receptive-field tabs
// and the status bar) and keeps the sample task going. Sampling (the naive sampler: H*W forward
// passes) runs on its own low-priority thread with the snapshot's weights, never on the frame.
#pragma once

#include <imgui.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "app/app_state.hpp"
#include "lessons/lesson.hpp"
#include "ui/gl/texture.hpp"

namespace ps::ui {

class TrainingPanel {
public:
    TrainingPanel();
    ~TrainingPanel();  // cancels and joins the sample task
    TrainingPanel(const TrainingPanel&) = delete;
    TrainingPanel& operator=(const TrainingPanel&) = delete;

    void update(app::AppState& state);  // every frame
    void draw(app::AppState& state);    // the tab's body
    // A lesson step's scene (lessons/README.md) whose tab is `training`: arch, hidden, layers,
    // batch, lr, binarize, seed set the settings (not while a run is going: it keeps its own);
    // `play: on` starts a run once the scene's dataset has loaded. Other tabs' scenes: ignored.
    void apply_scene(const lessons::Scene& scene);

private:
    void draw_settings(app::AppState& state, bool active);
    void draw_controls(app::AppState& state, bool active);
    void draw_numbers(const app::AppState& state);
    void draw_curves(const app::AppState& state, ImVec2 size);
    void draw_samples(const app::AppState& state, ImVec2 size);
    void start(app::AppState& state, bool continue_model);
    void poll_samples(app::AppState& state);
    void apply_preset(int index);  // k_presets in the .cpp: arch, h, layers, batch, lr
    int matching_preset() const;   // the preset the settings equal, -1: custom

    // settings (the constructor applies preset 0 and takes min(2, cores) threads)
    int m_arch = 0;
    int m_h = 16, m_layers = 5, m_batch = 16, m_threads = 1;
    int m_binarize = 0;  // threshold, stochastic, none (256-way softmax)
    double m_lr = 1e-3;
    int m_budget_kind = 0;  // 0 seconds, 1 epochs
    double m_budget_seconds = 60, m_budget_epochs = 1;
    bool m_bits_per_dim = false;
    int m_show_tab_frames = 0;
    std::uint64_t m_seed = 1;
    bool m_start_pending = false;  // a scene's `play: on`, waiting for its dataset
    std::string m_start_dataset;   // that dataset (empty: whatever is open)

    // the last view copied from the worker
    std::uint64_t m_seen = 0;
    app::TrainingView m_view;

    // the sample task
    struct SampleTask;
    std::shared_ptr<SampleTask> m_task;
    std::thread m_task_thread;
    long long m_grid_step = -1;  // the snapshot step the grid on screen was drawn from
    const app::ModelSnapshot* m_grid_model = nullptr;
    double m_last_sample_start = -1e9;
    gl::Texture m_grid, m_completions;
    bool m_has_completions = false;
    int m_grid_cols = 4, m_image_w = 28, m_image_h = 28;
};

}  // namespace ps::ui
