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

namespace ps::ui {

namespace {

constexpr int k_sample_count = 16;      // a 4x4 grid
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

void muted(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

}  // namespace

// 1. the sample task ------------------------------------------------------------------------------

// Shared by the panel and the sampling thread: the thread only writes `images` then `done`.
struct TrainingPanel::SampleTask {
    std::shared_ptr<const app::ModelSnapshot> model;
    std::atomic<bool> cancel{false}, done{false};
    std::atomic<int> position{0};   // pixels drawn so far, for the progress text
    engine::Tensor4<float> images;  // (16, C, H, W) once done
    std::string error;
};

TrainingPanel::TrainingPanel() {
    const auto& names = engine::arch_names();
    m_layers = engine::canonical_layers(names[std::size_t(m_arch)]);
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
            const int n = int(x.shape(0)), C = int(x.shape(1)), H = int(x.shape(2)),
                      W = int(x.shape(3));
            const bool bernoulli = m_task->model->config.output == engine::OutputKind::bernoulli;
            const int cols = 4, rows = (n + cols - 1) / cols, pad = 2;
            const int tw = cols * W + (cols + 1) * pad, th = rows * H + (rows + 1) * pad;
            std::vector<std::uint8_t> rgba(std::size_t(tw) * th * 4, 0);
            for (std::size_t i = 0; i < rgba.size(); i += 4)  // the gaps: the canvas grey
                rgba[i] = 226, rgba[i + 1] = 230, rgba[i + 2] = 236, rgba[i + 3] = 255;
            for (int k = 0; k < n; ++k) {
                const int ox = pad + (k % cols) * (W + pad), oy = pad + (k / cols) * (H + pad);
                for (int y = 0; y < H; ++y)
                    for (int xx = 0; xx < W; ++xx) {
                        std::uint8_t* p = &rgba[(std::size_t(oy + y) * tw + ox + xx) * 4];
                        for (int c = 0; c < 3; ++c) {
                            const float v = x(k, C == 3 ? c : 0, y, xx);
                            // binary samples: ink dark on paper, as the Data tab shows digits
                            const float g = bernoulli ? 1.f - v : v / 255.f;
                            p[c] = std::uint8_t(std::clamp(g, 0.f, 1.f) * 255.f + 0.5f);
                        }
                        p[3] = 255;
                    }
            }
            m_grid.upload(tw, th, gl::Texture::Format::rgba8, rgba.data());
            m_grid_step = m_task->model->step;
            m_grid_model = m_task->model.get();
            m_image_w = W, m_image_h = H;
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
            } catch (const std::exception& e) {
                task->error = e.what();
            }
            task->done = true;
        });
    }
}

// 2. update (every frame) -------------------------------------------------------------------------

void TrainingPanel::update(app::AppState& state) {
    app::TrainingShared& t = state.trainer;
    if (t.requests.start) {  // --train-seconds (gui_main) asks for a run with these settings
        t.requests.start = false;
        if (t.requests.seconds > 0) {
            m_budget_kind = 0;
            m_budget_seconds = t.requests.seconds;
        }
        if (t.requests.threads > 0) m_threads = t.requests.threads;
        start(state, false);
        m_show_tab_frames = 3;
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
        }
        state.keep_rendering = true;  // something new to draw
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
    ImGui::SliderInt("##threads", &m_threads, 1, std::max(cores, 1));
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
        if (ImGui::Button("Reset", button)) {
            w.reset();
            state.trainer.model.reset();
            m_grid_model = nullptr;
            m_grid_step = -1;
        }
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
    // The PixelRNN paper's binarised-MNIST test NLL (van den Oord et al. 2016, Table 4), shown
    // for binarised 28x28 single-channel data only
    if (c.channels == 1 && c.height == 28 && c.width == 28 &&
        c.output == engine::OutputKind::bernoulli) {
        const ImU32 ref = IM_COL32(110, 110, 120, 255);
        plot.references.push_back({"PixelRNN paper: PixelCNN 81.30", 81.30 * scale, ref});
        plot.references.push_back(
            {"PixelRNN paper: Diagonal BiLSTM (7 layers, h=16) 79.20", 79.20 * scale, ref});
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
    const float grid_w = std::round(std::min(avail.x * 0.36f, avail.y * 0.62f));
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
        "memorising. The dashed lines are the PixelRNN paper's results on binarised MNIST "
        "after days of GPU training (its data are binarised differently, so compare shapes, "
        "not decimals).");
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
