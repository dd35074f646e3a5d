// Sections: 1. the sample task   2. update (every frame)   3. settings and controls
//           4. numbers   5. curves   6. samples   7. the tab
#include "ui/training_panel.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "engine/sampler.hpp"
#include "ui/text.hpp"
#include "ui/theme.hpp"
#include "ui/widgets/line_plot.hpp"
#include "ui/widgets/value_slider.hpp"

namespace ps::ui {

namespace {

constexpr int k_sample_count = 16;      // a 4x4 grid
constexpr int k_completion_count = 8;   // a 4x2 grid
constexpr double k_sample_every = 3.0;  // seconds between refreshes (at most)
const char* const k_binarize_names[] = {"threshold (pixel >= 128)", "stochastic (Bernoulli)",
                                        "none (256-way softmax)"};
const data::Binarize k_binarize_modes[] = {data::Binarize::threshold, data::Binarize::stochastic,
                                           data::Binarize::none};

double now_seconds() {
    using clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

std::string duration_text(double seconds) {
    const long s = long(std::max(0.0, seconds) + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ldh %02ldm", s / 3600, (s % 3600) / 60);
    else if (s >= 60)
        std::snprintf(buf, sizeof buf, "%ldm %02lds", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lds", s);
    return buf;
}

// The two starting points of the settings (issue #7). The canonical model is the paper-sized tiny
// PixelCNN every lesson names; in one minute on a laptop CPU it sees about one epoch and draws
// strokes. The other preset spends the same minute where it buys the most digit-ness per step:
// the Diagonal BiLSTM sees the whole context above and to the left (no blind spot, the image's
// top edge always in view), so it knows where in the digit it is and learns global shape fast;
// a larger step size and batch reach a lower NLL in the same minute. Measured in 60 s: the
// canonical model ends near 72 nats (test) and draws strokes; PixelCNNs with more layers, h = 32,
// a larger lr or batch stayed at 69-79 nats with strokes; this preset (2 threads, in the GUI) ran
// 1040 steps to 68.7 nats (test) with about half the grid readable digits.
struct Preset {
    const char* name;
    const char* arch;
    int h, layers, batch;
    double lr;
    const char* why;  // one sentence under the selector
};
const Preset k_presets[] = {
    {"best samples in a minute", "diagbilstm", 16, 2, 32, 5e-3,
     "Diagonal BiLSTM: every pixel sees all the rows above, so a minute of training gives "
     "recognisable digits (lr 0.005, batch 32)."},
    {"canonical (paper-sized, fast)", "pixelcnn", 16, 5, 16, 1e-3,
     "The tiny PixelCNN the lessons name: more steps per second, but its small receptive "
     "field draws strokes after a minute."},
};
constexpr int k_preset_count = int(sizeof k_presets / sizeof k_presets[0]);

void muted(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

}  // namespace

// 1. the sample task ------------------------------------------------------------------------------

// Shared by the panel and the sampling thread: the thread only writes `images`, `completions`
// and `error`, then `done`.
struct TrainingPanel::SampleTask {
    std::shared_ptr<const app::ModelSnapshot> model;
    std::atomic<bool> cancel{false}, done{false};
    std::atomic<int> position{0};   // pixels drawn so far, for the progress text
    engine::Tensor4<float> images;  // (16, C, H, W) once done
    // Completions: the top `keep_rows` rows of test images (given), the rest drawn by the model
    engine::Tensor4<float> prefix;  // (8, C, H, W); empty: no completions
    int keep_rows = 0;
    engine::Tensor4<float> completions;  // (8, C, H, W) once done
    std::string error;
};

namespace {

// Images (N, C, H, W) as one RGBA grid of `cols` columns with a 2-texel gap. Binary images are
// drawn as ink on paper, like the Data tab; rows < given_rows (a completion's given top half) in
// a blue ink so the eye tells the given pixels from the drawn ones.
std::vector<std::uint8_t> grid_rgba(const engine::Tensor4<float>& x, bool bernoulli, int cols,
                                    int given_rows, int& tw, int& th) {
    const int n = int(x.shape(0)), C = int(x.shape(1)), H = int(x.shape(2)), W = int(x.shape(3));
    const int rows = (n + cols - 1) / cols, pad = 2;
    tw = cols * W + (cols + 1) * pad;
    th = rows * H + (rows + 1) * pad;
    std::vector<std::uint8_t> rgba(std::size_t(tw) * th * 4, 0);
    for (std::size_t i = 0; i < rgba.size(); i += 4)  // the gaps: the canvas grey
        rgba[i] = 226, rgba[i + 1] = 230, rgba[i + 2] = 236, rgba[i + 3] = 255;
    const float given_ink[3] = {0.16f, 0.36f, 0.85f};
    for (int k = 0; k < n; ++k) {
        const int ox = pad + (k % cols) * (W + pad), oy = pad + (k / cols) * (H + pad);
        for (int y = 0; y < H; ++y)
            for (int xx = 0; xx < W; ++xx) {
                std::uint8_t* p = &rgba[(std::size_t(oy + y) * tw + ox + xx) * 4];
                for (int c = 0; c < 3; ++c) {
                    const float v = x(k, C == 3 ? c : 0, y, xx);
                    float g = bernoulli ? 1.f - v : v / 255.f;
                    if (bernoulli && y < given_rows) g = v > 0.5f ? given_ink[c] : 1.f;
                    p[c] = std::uint8_t(std::clamp(g, 0.f, 1.f) * 255.f + 0.5f);
                }
                p[3] = 255;
            }
    }
    return rgba;
}

}  // namespace

TrainingPanel::TrainingPanel() {
    apply_preset(0);
    // the worker runs at nice 5 (SCHED_BATCH), so a second thread costs the frame loop little and
    // nearly doubles the steps of a learner's first minute on a 2-core laptop
    m_threads = int(std::clamp(std::thread::hardware_concurrency(), 1u, 2u));
}

void TrainingPanel::apply_preset(int index) {
    const Preset& p = k_presets[std::clamp(index, 0, k_preset_count - 1)];
    const auto& names = engine::arch_names();
    m_arch = int(std::find(names.begin(), names.end(), std::string(p.arch)) - names.begin());
    m_h = p.h;
    m_layers = p.layers;
    m_batch = p.batch;
    m_lr = p.lr;
    m_binarize = 0;
}

int TrainingPanel::matching_preset() const {
    const auto& names = engine::arch_names();
    for (int i = 0; i < k_preset_count; ++i) {
        const Preset& p = k_presets[i];
        if (names[std::size_t(m_arch)] == p.arch && m_h == p.h && m_layers == p.layers &&
            m_batch == p.batch && m_lr == p.lr && m_binarize == 0)
            return i;
    }
    return -1;
}

TrainingPanel::~TrainingPanel() {
    if (m_task) m_task->cancel = true;
    if (m_task_thread.joinable()) m_task_thread.join();
}

void TrainingPanel::poll_samples(app::AppState& state) {
    // a finished task: show its grid
    if (m_task && m_task->done.load()) {
        if (m_task_thread.joinable()) m_task_thread.join();
        if (m_task->error.empty() && !m_task->cancel) {
            const engine::Tensor4<float>& x = m_task->images;
            const bool bernoulli = m_task->model->config.output == engine::OutputKind::bernoulli;
            int tw = 0, th = 0;
            std::vector<std::uint8_t> rgba = grid_rgba(x, bernoulli, 4, 0, tw, th);
            m_grid.upload(tw, th, gl::Texture::Format::rgba8, rgba.data());
            if (m_task->completions.size() > 0) {
                rgba = grid_rgba(m_task->completions, bernoulli, 4, m_task->keep_rows, tw, th);
                m_completions.upload(tw, th, gl::Texture::Format::rgba8, rgba.data());
            }
            m_has_completions = m_task->completions.size() > 0;
            m_grid_step = m_task->model->step;
            m_grid_model = m_task->model.get();
            m_image_w = int(x.shape(3)), m_image_h = int(x.shape(2));
            state.keep_rendering = true;
        } else if (!m_task->error.empty()) {
            state.message = "sampling failed: " + m_task->error;
            state.message_is_error = true;
        }
        m_task.reset();
    }
    // a newer snapshot and no task running: start one (at most every few seconds)
    const auto& model = state.trainer.model;
    const double now = now_seconds();
    if (!m_task && model && model.get() != m_grid_model &&
        (now - m_last_sample_start >= k_sample_every || m_grid_step < 0 ||
         !state.trainer.worker->active())) {
        m_task = std::make_shared<SampleTask>();
        m_task->model = model;
        // completions of the open dataset's first test images, when the model fits them
        const data::Dataset* d = state.data.dataset.get();
        const engine::ModelConfig& mc = model->config;
        if (d && d->images.channels == mc.channels && d->images.rows == mc.height &&
            d->images.cols == mc.width && !d->test.empty()) {
            // spread over the test set (the shipped set is stored digit by digit, 0s first)
            std::vector<int> idx;
            const std::size_t n = std::min<std::size_t>(k_completion_count, d->test.size());
            for (std::size_t k = 0; k < n; ++k) idx.push_back(d->test[k * d->test.size() / n]);
            const data::Binarize mode = mc.output == engine::OutputKind::bernoulli
                                            ? data::Binarize::threshold
                                            : data::Binarize::none;
            m_task->prefix = data::to_tensor(d->images, idx, mode);
            m_task->keep_rows = mc.height / 2;
        }
        m_last_sample_start = now;
        std::shared_ptr<SampleTask> task = m_task;
        m_task_thread = std::thread([task]() {
            // below the trainer and the frame loop: on a 2-core laptop the samples wait, the
            // curves and the training do not
            setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
            try {
                auto net = task->model->build();
                // cached mode (about one forward pass per image) where the architecture has
                // forward_pixel; the naive one (H*W*C passes) otherwise: same draws either way
                std::unique_ptr<engine::Sampler> made;
                try {
                    made = std::make_unique<engine::Sampler>(*net, k_sample_count, 1, 1.0,
                                                             engine::SampleMode::cached);
                } catch (const engine::EngineError&) {
                    made = std::make_unique<engine::Sampler>(*net, k_sample_count, 1, 1.0,
                                                             engine::SampleMode::naive);
                }
                engine::Sampler& sampler = *made;
                while (!sampler.done() && !task->cancel) {
                    sampler.step();
                    task->position.fetch_add(1);
                }
                task->images = sampler.images();
                if (task->prefix.size() > 0 && !task->cancel) {
                    // the same sampler kind, on the test images' top halves
                    engine::Sampler completer(*net, int(task->prefix.shape(0)), 2, 1.0,
                                              sampler.mode());
                    completer.reset_with_prefix(task->prefix, task->keep_rows);
                    while (!completer.done() && !task->cancel) completer.step();
                    task->completions = completer.images();
                }
            } catch (const std::exception& e) {
                task->error = e.what();
            }
            task->done = true;
        });
    }
}

// 2. update (every frame) -------------------------------------------------------------------------

void TrainingPanel::apply_scene(const lessons::Scene& scene) {
    if (scene.word("tab") != "training") return;
    m_start_pending = false;
    const app::TrainingState s = m_view.metrics.state;
    if (s == app::TrainingState::running || s == app::TrainingState::paused) return;
    const auto& names = engine::arch_names();
    const auto arch = std::find(names.begin(), names.end(), scene.word("arch"));
    if (arch != names.end()) {  // masked_stack is a receptive-field figure, not a model
        m_arch = int(arch - names.begin());
        m_layers = engine::canonical_layers(*arch);
    }
    if (scene.has("layers")) m_layers = std::clamp(int(scene.integer("layers")), 0, 16);
    if (scene.has("hidden")) m_h = std::clamp(int(scene.integer("hidden")), 2, 128);
    if (scene.has("batch")) m_batch = std::clamp(int(scene.integer("batch")), 1, 512);
    if (scene.has("lr")) m_lr = scene.number("lr");
    if (scene.has("seed")) m_seed = std::uint64_t(scene.integer("seed"));
    if (scene.has("binarize")) m_binarize = scene.word("binarize") == "stochastic" ? 1 : 0;
    m_start_pending = scene.flag("play", false);
    m_start_dataset = scene.word("dataset");
}

void TrainingPanel::update(app::AppState& state) {
    app::TrainingShared& t = state.trainer;
    // a lesson scene's `play: on`: once no load is asked for or running, start if the scene's
    // dataset is the open one (a failed load drops the request: its error is on the Data tab)
    if (m_start_pending && state.requests.load_dataset.empty() && state.data.loading.empty()) {
        m_start_pending = false;
        const auto& d = state.data.dataset;
        if (d && (m_start_dataset.empty() || d->name == m_start_dataset) && !t.worker->active())
            start(state, false);
    }
    // a run started from the command line (--train-seconds) shows its tab, held for the few
    // frames ImGui's tab bar needs to settle
    if (m_show_tab_frames > 0) {
        --m_show_tab_frames;
        state.tab = app::Tab::training;
        state.requests.select_tab = true;
    }
    if (t.worker->poll(m_seen, m_view)) {
        if (m_view.model != t.model) {
            t.model = m_view.model;
            ++t.model_generation;
            // a loaded checkpoint: the settings show its architecture and size
            if (t.model && m_view.metrics.state == app::TrainingState::idle) {
                const auto& names = engine::arch_names();
                for (std::size_t i = 0; i < names.size(); ++i)
                    if (names[i] == t.model->config.arch) m_arch = int(i);
                m_h = t.model->config.h;
                m_layers = t.model->config.layers;
                if (t.model->config.output == engine::OutputKind::softmax256)
                    m_binarize = 2;
                else if (m_binarize == 2)
                    m_binarize = 0;
            }
        }
        state.keep_rendering = true;  // something new to draw
    }
    // after the poll, so a checkpoint opened with --load has set the settings it continues with
    if (t.requests.start) {  // --train-seconds (gui_main) asks for a run with these settings
        t.requests.start = false;
        if (t.requests.seconds > 0) {
            m_budget_kind = 0;
            m_budget_seconds = t.requests.seconds;
        }
        if (t.requests.threads > 0) m_threads = t.requests.threads;
        start(state, t.requests.continue_model);  // the worker holds the loaded model
        m_show_tab_frames = 3;
    }
    if (!t.model && !m_task && !m_grid.empty()) {  // reset: the old samples go too
        m_grid = gl::Texture{};
        m_completions = gl::Texture{};
        m_has_completions = false;
        m_grid_model = nullptr;
        m_grid_step = -1;
    }
    poll_samples(state);

    const app::TrainingMetrics& m = m_view.metrics;
    const bool active =
        m.state == app::TrainingState::running || m.state == app::TrainingState::paused;
    if (t.model) {
        const engine::ModelConfig& c = t.model->config;
        state.model = c.arch + " h=" + std::to_string(c.h) + " L=" + std::to_string(c.layers) +
                      " (step " + thousands(t.model->step) + ")";
    }
    char buf[128];
    if (m.state == app::TrainingState::running)
        std::snprintf(buf, sizeof buf, "running %.0f img/s, NLL %.1f", m.images_per_second,
                      m.train_nll);
    else
        std::snprintf(buf, sizeof buf, "%s", app::to_string(m.state));
    state.training = buf;
    // headless runs (--train-seconds with --screenshot) wait until the run ended and the grid
    // shows the final weights
    t.settled = !active && (!t.model || m_grid_model == t.model.get());
    if (active) t.unsaved = true;
}

// 3. settings and controls ------------------------------------------------------------------------

void TrainingPanel::draw_settings(app::AppState& state, bool active) {
    ImGui::BeginDisabled(active);
    const auto& names = engine::arch_names();
    ImGui::PushItemWidth(-FLT_MIN);
    ImGui::TextUnformatted("Preset");
    const int preset = matching_preset();
    if (ImGui::BeginCombo("##preset", preset >= 0 ? k_presets[preset].name : "custom")) {
        for (int i = 0; i < k_preset_count; ++i)
            if (ImGui::Selectable(k_presets[i].name, i == preset)) apply_preset(i);
        ImGui::EndCombo();
    }
    if (preset >= 0) muted(k_presets[preset].why);
    ImGui::TextUnformatted("Architecture");
    if (ImGui::BeginCombo("##arch", names[std::size_t(m_arch)].c_str())) {
        for (int i = 0; i < int(names.size()); ++i)
            if (ImGui::Selectable(names[std::size_t(i)].c_str(), i == m_arch)) {
                m_arch = i;
                m_layers = engine::canonical_layers(names[std::size_t(i)]);
            }
        ImGui::EndCombo();
    }
    ImGui::TextUnformatted("Hidden features h, layers L");
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.48f);
    ImGui::InputInt("##h", &m_h, 4, 8);
    ImGui::SameLine();
    ImGui::InputInt("##layers", &m_layers, 1, 1);
    m_h = std::clamp(m_h, 2, 128);
    m_layers = std::clamp(m_layers, 0, 16);

    ImGui::TextUnformatted("Dataset");
    const std::string current = state.data.dataset ? state.data.dataset->name : "none";
    if (ImGui::BeginCombo("##dataset", current.c_str())) {
        for (const std::string& name : data::dataset_names())
            if (ImGui::Selectable(name.c_str(), name == current))
                state.requests.load_dataset = name;
        if (ImGui::Selectable("IDX file by path…")) state.show_open_idx = true;
        ImGui::EndCombo();
    }
    ImGui::TextUnformatted("Binarisation");
    ImGui::Combo("##binarize", &m_binarize, k_binarize_names, 3);
    ImGui::TextUnformatted("Batch, learning rate");
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.48f);
    ImGui::InputInt("##batch", &m_batch, 1, 8);
    m_batch = std::clamp(m_batch, 1, 512);
    ImGui::SameLine();
    ImGui::InputDouble("##lr", &m_lr, 0, 0, "%.5f");
    if (!(m_lr > 0)) m_lr = 1e-3;
    ImGui::TextUnformatted("Threads");
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    value_slider_int("##threads", &m_threads, 1, std::max(cores, 1));
    ImGui::TextUnformatted("Budget");
    ImGui::RadioButton("seconds", &m_budget_kind, 0);
    ImGui::SameLine();
    ImGui::RadioButton("epochs", &m_budget_kind, 1);
    if (m_budget_kind == 0)
        ImGui::InputDouble("##seconds", &m_budget_seconds, 10, 60, "%.0f s");
    else
        ImGui::InputDouble("##epochs", &m_budget_epochs, 0.5, 1, "%.2f epochs");
    m_budget_seconds = std::clamp(m_budget_seconds, 1.0, 86400.0);
    m_budget_epochs = std::clamp(m_budget_epochs, 0.01, 1000.0);
    ImGui::PopItemWidth();
    ImGui::EndDisabled();
}

void TrainingPanel::start(app::AppState& state, bool continue_model) {
    app::TrainingConfig c;
    c.model.arch = engine::arch_names()[std::size_t(m_arch)];
    c.model.h = m_h;
    c.model.layers = m_layers;
    c.binarize = k_binarize_modes[m_binarize];
    c.batch = m_batch;
    c.lr = m_lr;
    c.threads = m_threads;
    c.budget_seconds = m_budget_kind == 0 ? m_budget_seconds : 0;
    c.budget_epochs = m_budget_kind == 1 ? m_budget_epochs : 0;
    c.seed = m_seed;
    c.nice = 5;  // below the frame loop (TrainingConfig::nice)
    std::string error;
    if (!state.trainer.worker->start(c, state.data.dataset, error, continue_model)) {
        state.message = "cannot train: " + error;
        state.message_is_error = true;
        return;
    }
    m_grid_model = nullptr;
    state.message.clear();
}

void TrainingPanel::draw_controls(app::AppState& state, bool active) {
    app::TrainingWorker& w = *state.trainer.worker;
    const app::TrainingState s = m_view.metrics.state;
    const ImVec2 button(ImGui::GetFontSize() * 5.2f, 0);
    if (!active) {
        ImGui::BeginDisabled(!state.data.dataset || !state.data.loading.empty());
        if (ImGui::Button("Train", button)) start(state, false);
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("A new model with these settings, trained on the open dataset");
        ImGui::SameLine();
        ImGui::BeginDisabled(!state.trainer.model);
        if (ImGui::Button("Resume", button)) start(state, true);
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Go on training the current (stopped or loaded) model");
        ImGui::SameLine();
        // the frame loop resets (asking first if the model is unsaved)
        if (ImGui::Button("Reset", button)) state.trainer.requests.reset = true;
        ImGui::EndDisabled();
        ImGui::EndDisabled();
    } else {
        if (s == app::TrainingState::paused) {
            if (ImGui::Button("Resume", button)) w.resume();
        } else if (ImGui::Button("Pause", button)) {
            w.pause();
        }
        ImGui::SameLine();
        if (ImGui::Button("Stop", button)) w.stop();
    }
}

// 4. numbers --------------------------------------------------------------------------------------

void TrainingPanel::draw_numbers(const app::AppState& state) {
    const app::TrainingMetrics& m = m_view.metrics;
    const engine::ModelConfig& c =
        state.trainer.model ? state.trainer.model->config : m_view.config.model;
    const bool active =
        m.state == app::TrainingState::running || m.state == app::TrainingState::paused;
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%s%s", active ? "ETA " : "",
                  active ? duration_text(m.eta).c_str() : app::to_string(m.state));
    ImGui::ProgressBar(float(std::clamp(m.progress, 0.0, 1.0)), ImVec2(-FLT_MIN, 0), overlay);
    ImGui::PushFont(state.fonts.mono);
    auto bpd = [&](double nats) {
        return c.height > 0 ? engine::bits_per_dim(nats, c.channels, c.height, c.width) : 0.0;
    };
    ImGui::Text("step      %s  (epoch %d)", thousands(m.step).c_str(), m.epoch);
    ImGui::Text("images    %s", thousands(m.images).c_str());
    ImGui::Text("speed     %.0f images/s", m.images_per_second);
    ImGui::Text("elapsed   %s", duration_text(m.elapsed).c_str());
    if (std::isfinite(m.train_nll))
        ImGui::Text("train NLL %.2f nats  %.4f bits/dim", m.train_nll, bpd(m.train_nll));
    else
        ImGui::TextUnformatted("train NLL –");
    if (std::isfinite(m.test_nll))
        ImGui::Text("test NLL  %.2f nats  %.4f bits/dim", m.test_nll, bpd(m.test_nll));
    else
        ImGui::TextUnformatted("test NLL  –");
    ImGui::PopFont();
    if (!m.message.empty()) {
        const bool bad =
            m.state == app::TrainingState::diverged || m.state == app::TrainingState::failed;
        ImGui::PushStyleColor(ImGuiCol_Text, bad ? colours::error : colours::text_muted);
        ImGui::TextWrapped("%s", m.message.c_str());
        ImGui::PopStyleColor();
    }
}

// 5. curves ---------------------------------------------------------------------------------------

void TrainingPanel::draw_curves(const app::AppState& state, ImVec2 size) {
    const engine::ModelConfig& c =
        state.trainer.model ? state.trainer.model->config : m_view.config.model;
    const double per_bit =
        c.height > 0 ? double(c.channels) * c.height * c.width * std::log(2.0) : 1.0;
    const double scale = m_bits_per_dim ? 1.0 / per_bit : 1.0;
    LinePlot plot;
    plot.x_label = "images seen";
    plot.y_label = m_bits_per_dim ? "NLL (bits/dim)" : "NLL (nats per image)";
    plot.y_decimals = m_bits_per_dim ? 2 : 0;
    PlotSeries train{"train (running mean)", to_u32(colours::accent), {}, {}, false};
    PlotSeries test{"test (128 held-out images)", IM_COL32(220, 90, 30, 255), {}, {}, true};
    for (const app::LogRow& r : m_view.log) {
        if (std::isfinite(r.train_nll)) {
            train.x.push_back(double(r.images));
            train.y.push_back(r.train_nll * scale);
        }
        if (std::isfinite(r.test_nll)) {
            test.x.push_back(double(r.images));
            test.y.push_back(r.test_nll * scale);
        }
    }
    plot.series = {train, test};
    // The PixelRNN paper's best binarised-MNIST test NLL (van den Oord, Kalchbrenner, Kavukcuoglu
    // 2016, "Pixel Recurrent Neural Networks", §5.5 and its MNIST table), shown for binarised
    // 28x28 single-channel data only. The paper's other MNIST rows (its PixelCNN, Row LSTM) are
    // left out until checked against the paper.
    if (c.channels == 1 && c.height == 28 && c.width == 28 &&
        c.output == engine::OutputKind::bernoulli) {
        const ImU32 ref = IM_COL32(110, 110, 120, 255);
        plot.references.push_back(
            {"PixelRNN paper, Diagonal BiLSTM: 79.20 nats", 79.20 * scale, ref,
             "Test NLL on binarised MNIST in nats, from van den Oord et al. 2016, \"Pixel "
             "Recurrent Neural Networks\" (ICML), section 5.5 and its MNIST results table: the "
             "best model there (Diagonal BiLSTM, 7 layers, h=16), trained for days on GPUs. Not "
             "the same test: the paper uses "
             "the standard 60,000/10,000 MNIST split, binarised stochastically, while this "
             "app's default set is 10,000 digits (8,000 train / 2,000 test) binarised by a "
             "threshold, which is easier to predict. Compare shapes, not decimals."});
    }
    draw_line_plot("nll", plot, size);
}

// 6. samples --------------------------------------------------------------------------------------

void TrainingPanel::draw_samples(const app::AppState& state, ImVec2 size) {
    if (m_grid.empty()) {
        ImGui::Dummy(ImVec2(size.x, ImGui::GetFontSize()));
        muted(state.trainer.model ? "Drawing the first samples…"
                                  : "Samples appear here once training starts.");
        return;
    }
    const float side = std::min(size.x, size.y);
    const float aspect = float(m_grid.width()) / float(std::max(1, m_grid.height()));
    const ImVec2 img(aspect >= 1 ? side : side * aspect, aspect >= 1 ? side / aspect : side);
    ImGui::Image((ImTextureID)(intptr_t)m_grid.id(), img);
    char caption[160];
    std::snprintf(caption, sizeof caption, "16 samples from the weights of step %s%s",
                  thousands(m_grid_step).c_str(), m_task ? "  (next grid being drawn…)" : "");
    muted(caption);
    if (!m_has_completions || m_completions.empty()) return;
    ImGui::Spacing();
    const float cw = img.x;
    const float ch = cw * float(m_completions.height()) / float(std::max(1, m_completions.width()));
    ImGui::Image((ImTextureID)(intptr_t)m_completions.id(), ImVec2(cw, ch));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "8 test images from across the test set: their top %d rows are given (blue), the "
            "model draws the rest. A model that has learned digit shapes closes the strokes it is "
            "handed.",
            m_image_h / 2);
    muted("Completions: top half given (blue), bottom half drawn by the model");
}

// 7. the tab --------------------------------------------------------------------------------------

void TrainingPanel::draw(app::AppState& state) {
    const app::TrainingMetrics& m = m_view.metrics;
    const bool active =
        m.state == app::TrainingState::running || m.state == app::TrainingState::paused;
    if (active) state.keep_rendering = state.keep_rendering || m_task != nullptr;

    const float font = ImGui::GetFontSize();
    const float left_w = std::round(18.f * font);
    ImGui::BeginChild("##train_settings", ImVec2(left_w, 0), false);
    ImGui::PushFont(state.fonts.heading);
    ImGui::TextUnformatted("Train a model");
    ImGui::PopFont();
    draw_settings(state, active);
    ImGui::Spacing();
    draw_controls(state, active);
    ImGui::Spacing();
    draw_numbers(state);
    ImGui::EndChild();

    ImGui::SameLine(0, font);
    ImGui::BeginChild("##train_views", ImVec2(0, 0), false);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float grid_w = std::round(std::min(avail.x * 0.40f, avail.y * 0.5f));
    const float plot_w = avail.x - grid_w - font;
    const float plot_h = std::max(8.f * font, avail.y * 0.62f);

    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Negative log-likelihood");
    ImGui::PopFont();
    ImGui::SameLine(plot_w - 8.f * font);
    ImGui::Checkbox("bits/dim", &m_bits_per_dim);
    draw_curves(state, ImVec2(plot_w, plot_h));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + plot_w);
    muted(
        "What you are looking at: how surprised the model is by each image, in nats (or bits "
        "per pixel). The blue line is the average over recent training batches; the orange "
        "dots score 128 test images the model never trains on. Both fall as the model learns "
        "which pixels go together; if the orange dots rise while the blue line falls, it is "
        "memorising. The dashed line is the PixelRNN paper's best result on binarised MNIST "
        "after days of GPU training (hover it: its split and binarisation differ from this "
        "set's, so compare shapes, not decimals).");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    ImGui::SameLine(0, font);
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Samples");
    ImGui::PopFont();
    draw_samples(state, ImVec2(grid_w, grid_w));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + grid_w);
    muted(
        "What you are looking at: images the model draws itself, one pixel at a time in "
        "raster order, each pixel a coin flip with the probability the model predicts from "
        "the pixels above and to the left. Early on they are speckle; strokes appear, then "
        "digits.");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::EndChild();
}

}  // namespace ps::ui
