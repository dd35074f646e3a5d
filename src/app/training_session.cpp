// Sections: 1. names, CSV   2. snapshots   3. commands   4. the worker loop   5. checkpoints
#include "app/training_session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine/checkpoint.hpp"
#include "engine/trainer.hpp"

namespace ps::app {

namespace en = ps::engine;

// 1. names, CSV ----------------------------------------------------------------------------------

const char* to_string(TrainingState state) {
    switch (state) {
        case TrainingState::idle:
            return "idle";
        case TrainingState::running:
            return "running";
        case TrainingState::paused:
            return "paused";
        case TrainingState::finished:
            return "finished";
        case TrainingState::stopped:
            return "stopped";
        case TrainingState::diverged:
            return "diverged";
        case TrainingState::failed:
            return "failed";
    }
    return "?";
}

namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

bool finite(double v) {
    return std::isfinite(v);
}

}  // namespace

// The columns of `pixelscope train`'s log plus the test NLL, so either program reads the other's.
std::string log_csv_header() {
    return "step,seconds,images,images_per_second,running_nll_nats,bits_per_dim,test_nll_nats";
}

std::string log_csv_row(const LogRow& r) {
    // the first five columns; save_checkpoint appends bits/dim (it needs the model's C, H, W)
    // and the test NLL
    return std::to_string(r.step) + "," + fixed(r.seconds, 3) + "," + std::to_string(r.images) +
           "," + fixed(r.images_per_second, 2) + "," + fixed(r.train_nll, 4);
}

std::string log_path_for(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const auto dot = path.find_last_of('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash))
        return path.substr(0, dot) + ".csv";
    return path + ".csv";
}

// 2. snapshots -----------------------------------------------------------------------------------

std::unique_ptr<en::Model<float>> ModelSnapshot::build() const {
    auto model = en::make_model<float>(config, 0);
    en::ParamList<float>& params = model->params();
    if (std::size_t(params.size()) != values.size())
        throw en::EngineError("ModelSnapshot: " + std::to_string(values.size()) +
                              " tensors for a model with " + std::to_string(params.size()));
    for (int k = 0; k < params.size(); ++k) {
        if (params[k].size() != values[std::size_t(k)].size())
            throw en::EngineError("ModelSnapshot: " + params[k].name + " has " +
                                  std::to_string(values[std::size_t(k)].size()) +
                                  " values, the model " + std::to_string(params[k].size()));
        params[k].value = values[std::size_t(k)];
    }
    return model;
}

// 3. commands ------------------------------------------------------------------------------------

TrainingWorker::~TrainingWorker() {
    stop();
}

bool TrainingWorker::active() const {
    const TrainingState s = state();
    return s == TrainingState::running || s == TrainingState::paused;
}

TrainingState TrainingWorker::state() const {
    std::lock_guard<std::mutex> lock(m_publish_mutex);
    return m_view.metrics.state;
}

bool TrainingWorker::poll(std::uint64_t& seen_version, TrainingView& out) const {
    const std::uint64_t v = m_version.load();
    if (v == seen_version) return false;
    std::lock_guard<std::mutex> lock(m_publish_mutex);
    out = m_view;
    seen_version = m_version.load();
    return true;
}

void TrainingWorker::publish(const TrainingMetrics& metrics, const std::vector<LogRow>* log,
                             std::shared_ptr<const ModelSnapshot> model) {
    std::lock_guard<std::mutex> lock(m_publish_mutex);
    // a command (stop) may have ended the run from the UI's side; the worker's own final
    // state wins only when it is the worker that ends it
    m_view.metrics = metrics;
    if (log) m_view.log = *log;
    if (model) m_view.model = std::move(model);
    m_version.fetch_add(1);
}

void TrainingWorker::set_state(TrainingState state, const std::string& message) {
    std::lock_guard<std::mutex> lock(m_publish_mutex);
    m_view.metrics.state = state;
    m_view.metrics.message = message;
    m_version.fetch_add(1);
}

bool TrainingWorker::start(const TrainingConfig& config_in,
                           std::shared_ptr<const data::Dataset> dataset, std::string& error,
                           bool continue_model) {
    if (active()) {
        error = "training is already running: stop it first";
        return false;
    }
    join();
    if (!dataset) {
        error = "no dataset is loaded";
        return false;
    }
    if (dataset->train.empty()) {
        error = dataset->name + ": has no training images";
        return false;
    }
    TrainingConfig config = config_in;
    std::shared_ptr<const ModelSnapshot> from;
    std::shared_ptr<const ResumeState> resume;
    std::vector<LogRow> log;
    {
        std::lock_guard<std::mutex> lock(m_publish_mutex);
        if (continue_model && m_view.model) {
            from = m_view.model;
            log = m_view.log;
            // the exact state of the run that produced these weights, if this worker ran it
            if (m_resume && m_resume->step == from->step &&
                m_resume->config.to_json() == from->config.to_json())
                resume = m_resume;
        }
    }
    const data::Images& im = dataset->images;
    if (from) {
        config.model = from->config;
        if (config.model.channels != im.channels || config.model.height != im.rows ||
            config.model.width != im.cols) {
            error = "the model takes " + std::to_string(config.model.channels) + "x" +
                    std::to_string(config.model.height) + "x" + std::to_string(config.model.width) +
                    " images, dataset '" + dataset->name + "' has " + std::to_string(im.channels) +
                    "x" + std::to_string(im.rows) + "x" + std::to_string(im.cols);
            return false;
        }
        // the output kind is the model's: binarised data for bernoulli, raw for softmax256
        if (config.model.output == en::OutputKind::softmax256)
            config.binarize = data::Binarize::none;
        else if (config.binarize == data::Binarize::none)
            config.binarize = data::Binarize::threshold;
    } else {
        config.model.channels = im.channels;
        config.model.height = im.rows;
        config.model.width = im.cols;
        config.model.output = config.binarize == data::Binarize::none ? en::OutputKind::softmax256
                                                                      : en::OutputKind::bernoulli;
    }
    try {
        config.model.validate();
    } catch (const std::exception& e) {
        error = e.what();
        return false;
    }
    if (config.batch < 1 || config.batch > 4096) {
        error = "batch must be 1..4096, got " + std::to_string(config.batch);
        return false;
    }
    if (!(config.lr > 0) || !finite(config.lr)) {
        error = "learning rate must be a positive number";
        return false;
    }
    {
        std::lock_guard<std::mutex> lock(m_command_mutex);
        m_command = Command::none;
    }
    {
        std::lock_guard<std::mutex> lock(m_publish_mutex);
        m_view.metrics = TrainingMetrics{};
        m_view.metrics.state = TrainingState::running;
        m_view.metrics.message = from ? "continuing from step " + std::to_string(from->step) : "";
        if (from) {
            m_view.metrics.step = from->step;
            m_view.metrics.images = from->images;
        }
        m_view.log = log;
        m_view.dataset = dataset->name;
        m_view.config = config;
        if (!from) m_view.model.reset();
        m_version.fetch_add(1);
    }
    m_thread = std::thread(&TrainingWorker::run, this, config, std::move(dataset), from,
                           std::move(resume), std::move(log));
    return true;
}

void TrainingWorker::pause() {
    std::lock_guard<std::mutex> lock(m_command_mutex);
    m_command = Command::pause;
    m_command_cv.notify_all();
}

void TrainingWorker::resume() {
    std::lock_guard<std::mutex> lock(m_command_mutex);
    if (m_command == Command::pause || m_command == Command::none) m_command = Command::resume;
    m_command_cv.notify_all();
}

void TrainingWorker::stop() {
    {
        std::lock_guard<std::mutex> lock(m_command_mutex);
        m_command = Command::stop;
        m_command_cv.notify_all();
    }
    join();
}

void TrainingWorker::join() {
    if (m_thread.joinable()) m_thread.join();
}

void TrainingWorker::reset() {
    stop();
    std::lock_guard<std::mutex> lock(m_publish_mutex);
    m_view = TrainingView{};
    m_resume.reset();
    m_version.fetch_add(1);
}

std::shared_ptr<const ResumeState> TrainingWorker::resume_state() const {
    std::lock_guard<std::mutex> lock(m_publish_mutex);
    return m_resume;
}

// 4. the worker loop -----------------------------------------------------------------------------

namespace {

using Values = std::vector<en::Tensor1<float>>;

Values param_values(const en::Model<float>& model) {
    Values v;
    for (const auto& p : model.params().all()) v.push_back(p.value);
    return v;
}

bool all_finite(const Values& values) {
    for (const auto& t : values)
        for (float x : t)
            if (!std::isfinite(x)) return false;
    return true;
}

bool all_finite(const en::TrainerState& s) {
    return all_finite(s.values) && all_finite(s.adam.m) && all_finite(s.adam.v) &&
           all_finite(s.average);
}

// A training state known to give a healthy loss (weights, Adam's moments and step count, the
// running average), and where the run stood then.
struct GoodState {
    en::TrainerState state;
    long long step = 0, images = 0;
};

}  // namespace

void TrainingWorker::run(TrainingConfig cfg, std::shared_ptr<const data::Dataset> dataset,
                         std::shared_ptr<const ModelSnapshot> from,
                         std::shared_ptr<const ResumeState> resume, std::vector<LogRow> log) {
    using clock = std::chrono::steady_clock;
    TrainingMetrics m;
    m.state = TrainingState::running;
    const long long step0 = from ? from->step : 0, images0 = from ? from->images : 0;
    m.step = step0;
    m.images = images0;
    if (cfg.nice > 0) {
        // this thread only (Linux nice is per thread); the trainer's threads, created from it,
        // inherit both. Best effort: a refusal leaves the normal priority.
        const pid_t tid = pid_t(::syscall(SYS_gettid));
        sched_param none{};
        ::sched_setscheduler(tid, SCHED_BATCH, &none);
        ::setpriority(PRIO_PROCESS, id_t(tid), std::min(cfg.nice, 19));
    }
    try {
        const data::Dataset& d = *dataset;
        std::unique_ptr<en::Model<float>> model;
        if (from) {
            model = from->build();
        } else {
            model = en::make_model<float>(cfg.model, cfg.seed);
            // the logits' bias starts at the training pixels' marginal (up to 2,000 images)
            std::vector<int> some(d.train.begin(), d.train.begin() + long(std::min<std::size_t>(
                                                                         2000, d.train.size())));
            en::init_output_bias(*model, data::to_tensor(d.images, some, cfg.binarize, cfg.seed));
        }
        en::TrainerOptions opt;
        opt.adam.lr = cfg.lr;
        opt.threads = cfg.threads;
        opt.ema_decay = cfg.ema;
        en::Trainer trainer(*model, opt);
        // continuing the run this worker ended (stopped, finished, or rolled back by the
        // divergence guard): its exact state, Adam's moments and step count included
        // (unless averaging was switched on or off in between: then Adam starts afresh)
        if (resume && (opt.ema_decay > 0) == !resume->state.average.empty())
            trainer.restore(resume->state);
        // a continued run draws a different batch order than the run it continues
        data::BatchIterator batches(d.images, d.train, cfg.batch, cfg.binarize,
                                    cfg.seed + std::uint64_t(step0));

        // the test NLL: a fixed subset, threshold-binarised (DESIGN.md §4), on the averaged
        // weights (what a checkpoint holds and `pixelscope eval` reports), in its own model
        const std::vector<int>& pool = d.test.empty() ? d.train : d.test;
        std::vector<int> test_idx(
            pool.begin(),
            pool.begin() + long(std::min<std::size_t>(std::size_t(std::max(1, cfg.test_images)),
                                                      pool.size())));
        const data::Binarize eval_mode =
            cfg.binarize == data::Binarize::none ? data::Binarize::none : data::Binarize::threshold;
        const en::Tensor4<float> test_x = data::to_tensor(d.images, test_idx, eval_mode);
        auto eval_model = en::make_model<float>(model->config(), 0);
        en::TrainerOptions eval_opt;
        eval_opt.threads = cfg.threads;
        eval_opt.ema_decay = 0;
        en::Trainer evaluator(*eval_model, eval_opt);

        const long long budget_steps =
            cfg.budget_steps > 0 ? cfg.budget_steps
            : cfg.budget_epochs > 0
                ? std::max(1LL, (long long)std::llround(cfg.budget_epochs *
                                                        double(batches.batches_per_epoch())))
                : 0;
        const double budget_seconds = budget_steps > 0 ? 0 : std::max(0.0, cfg.budget_seconds);

        auto snapshot = [&](const Values& values) {
            auto s = std::make_shared<ModelSnapshot>();
            s->config = model->config();
            s->values = values;
            s->step = m.step;
            s->images = m.images;
            s->dataset = d.name;
            s->binarize = cfg.binarize;
            s->train_nll = m.train_nll;
            return std::shared_ptr<const ModelSnapshot>(std::move(s));
        };
        auto evaluate = [&](const Values& averaged) {
            for (int k = 0; k < eval_model->params().size(); ++k)
                eval_model->params()[k].value = averaged[std::size_t(k)];
            return evaluator.nll_sum(test_x) / double(test_x.shape(0));
        };

        GoodState good{trainer.state(), step0, images0};
        std::unique_ptr<GoodState> pending;  // promoted once the next batch's loss is healthy
        // when the run ends, its exact state is kept for a later Resume
        auto keep_for_resume = [&]() {
            auto r = std::make_shared<ResumeState>();
            r->state = trainer.state();
            r->step = m.step;
            r->images = m.images;
            r->config = model->config();
            std::lock_guard<std::mutex> lock(m_publish_mutex);
            m_resume = std::move(r);
        };

        // the first test point, before any step
        m.test_nll = evaluate(trainer.averaged_values());
        {
            LogRow r;
            r.step = m.step;
            r.images = m.images;
            r.seconds = log.empty() ? 0 : log.back().seconds;
            r.test_nll = m.test_nll;
            log.push_back(r);
        }
        publish(m, &log, from ? nullptr : snapshot(trainer.averaged_values()));

        const double seconds0 = log.empty() ? 0 : log.back().seconds;
        double elapsed = 0;  // training seconds of this run, pauses excluded
        double last_publish = 0, last_weights = 0, last_good = 0, last_test = 0, last_row = 0;
        double window_nll = 0, window_images_since = 0;
        long long window_batches = 0, window_images = 0;
        double running = std::numeric_limits<double>::quiet_NaN();  // EMA of the batch NLL
        auto t_mark = clock::now();
        auto tick = [&]() {
            const auto now = clock::now();
            elapsed += std::chrono::duration<double>(now - t_mark).count();
            t_mark = now;
        };

        for (;;) {
            // commands, between batches
            {
                std::unique_lock<std::mutex> lock(m_command_mutex);
                if (m_command == Command::pause) {
                    tick();
                    m.state = TrainingState::paused;
                    lock.unlock();
                    publish(m, nullptr, nullptr);
                    lock.lock();
                    m_command_cv.wait(lock, [&] {
                        return m_command == Command::resume || m_command == Command::stop;
                    });
                    t_mark = clock::now();  // the pause does not count as training time
                    if (m_command == Command::resume) {
                        m_command = Command::none;
                        m.state = TrainingState::running;
                    }
                }
                if (m_command == Command::stop) {
                    m.state = TrainingState::stopped;
                    m.message = "stopped at step " + std::to_string(m.step);
                    break;
                }
            }
            const en::Tensor4<float>& x = batches.next();
            const double nll = trainer.step(x);
            ++m.step;
            m.images += (long long)x.shape(0);
            tick();

            // divergence guard: not finite, or far above the running average
            const bool exploded =
                !finite(nll) || (finite(running) && m.step - step0 > 5 &&
                                 nll > cfg.divergence_factor * std::max(running, 1e-3));
            if (exploded) {
                // roll everything back to the last good state: weights, Adam's moments and step
                // count, the running average; a Resume continues from exactly there
                trainer.restore(good.state);
                m.state = TrainingState::diverged;
                m.message = "training diverged at step " + std::to_string(m.step) + " (batch NLL " +
                            fixed(nll, 1) + " nats, running average " + fixed(running, 1) +
                            "): restored the weights and optimiser state of step " +
                            std::to_string(good.step) + "; try a lower learning rate";
                m.step = good.step;
                m.images = good.images;
                keep_for_resume();
                publish(m, &log, snapshot(trainer.averaged_values()));
                return;
            }
            if (pending) {
                good = std::move(*pending);
                pending.reset();
            }
            running = finite(running) ? 0.98 * running + 0.02 * nll : nll;
            window_nll += nll;
            ++window_batches;
            window_images += (long long)x.shape(0);

            const bool done = (budget_steps > 0 && m.step - step0 >= budget_steps) ||
                              (budget_seconds > 0 && elapsed >= budget_seconds);
            m.epoch = batches.epoch();
            m.progress = budget_steps > 0 ? double(m.step - step0) / double(budget_steps)
                                          : elapsed / std::max(1e-9, budget_seconds);
            m.eta = budget_steps > 0 ? double(budget_steps - (m.step - step0)) * elapsed /
                                           double(std::max(1LL, m.step - step0))
                                     : budget_seconds - elapsed;
            m.eta = std::max(0.0, m.eta);
            m.elapsed = seconds0 + elapsed;

            bool new_row = false;
            std::shared_ptr<const ModelSnapshot> snap;
            if (done || elapsed - last_row >= 1.0) {
                m.images_per_second =
                    double(window_images) / std::max(1e-9, elapsed - window_images_since);
                m.train_nll = window_nll / double(window_batches);
                LogRow r;
                r.step = m.step;
                r.images = m.images;
                r.seconds = m.elapsed;
                r.train_nll = m.train_nll;
                r.images_per_second = m.images_per_second;
                if (done || elapsed - last_test >= cfg.test_every_seconds) {
                    const Values averaged = trainer.averaged_values();
                    r.test_nll = m.test_nll = evaluate(averaged);
                    last_test = elapsed;
                    tick();  // the evaluation is part of training time (it is what the UI shows)
                }
                log.push_back(r);
                new_row = true;
                last_row = elapsed;
                window_nll = 0;
                window_batches = window_images = 0;
                window_images_since = elapsed;
            }
            if (done || elapsed - last_weights >= cfg.weights_every_seconds) {
                snap = snapshot(trainer.averaged_values());
                last_weights = elapsed;
            }
            if (elapsed - last_good >= cfg.good_every_seconds) {
                pending = std::make_unique<GoodState>(GoodState{trainer.state(), m.step, m.images});
                if (!all_finite(pending->state)) pending.reset();
                last_good = elapsed;
            }
            if (done) {
                m.state = TrainingState::finished;
                m.message = "finished: " + std::to_string(m.step - step0) + " steps in " +
                            fixed(elapsed, 1) + " s";
                keep_for_resume();
                publish(m, &log, snap);
                return;
            }
            if (cfg.pause_after_steps > 0 && m.step - step0 == cfg.pause_after_steps) {
                // a pause of its own, exactly here; the command check at the loop's top waits
                std::lock_guard<std::mutex> lock(m_command_mutex);
                if (m_command != Command::stop) m_command = Command::pause;
            }
            if (new_row || snap || elapsed - last_publish >= cfg.publish_every_seconds) {
                publish(m, new_row ? &log : nullptr, snap);
                last_publish = elapsed;
            }
        }
        // stopped: publish the final weights
        keep_for_resume();
        publish(m, &log, snapshot(trainer.averaged_values()));
    } catch (const std::exception& e) {
        m.state = TrainingState::failed;
        m.message = std::string("training failed: ") + e.what();
        publish(m, &log, nullptr);
    }
}

// 5. checkpoints ---------------------------------------------------------------------------------

bool TrainingWorker::save_checkpoint(const std::string& path, std::string& error) const {
    TrainingView view;
    {
        std::lock_guard<std::mutex> lock(m_publish_mutex);
        view = m_view;
    }
    if (!view.model) {
        error = "there is no trained model to save yet: press Train first";
        return false;
    }
    if (path.empty()) {
        error = "give a file name";
        return false;
    }
    try {
        const ModelSnapshot& s = *view.model;
        std::unique_ptr<en::Model<float>> model = s.build();
        const std::map<std::string, std::string> metadata{
            {"dataset", s.dataset},
            {"split", "train"},
            {"binarize", data::to_string(s.binarize)},
            {"step", std::to_string(s.step)},
            {"images", std::to_string(s.images)},
            {"nll", fixed(finite(s.train_nll) ? s.train_nll : view.metrics.train_nll, 4)},
            {"seed", std::to_string(view.config.seed)},
            {"lr", fixed(view.config.lr, 6)},
            {"batch", std::to_string(view.config.batch)},
            {"weights",
             view.config.ema > 0 ? "average (ema " + fixed(view.config.ema, 6) + ")" : "last step"},
            {"writer", "pixelscope gui"}};
        if (!en::save_model(path, *model, metadata, error)) return false;
        // the log beside it, atomically like the checkpoint (never half a log)
        std::string text = log_csv_header() + "\n";
        for (const LogRow& r : view.log) {
            const double bpd =
                en::bits_per_dim(r.train_nll, s.config.channels, s.config.height, s.config.width);
            text += log_csv_row(r) + "," + fixed(bpd, 6) + "," +
                    (finite(r.test_nll) ? fixed(r.test_nll, 4) : std::string()) + "\n";
        }
        if (!en::write_file_atomic(log_path_for(path), text.data(), text.size(), error))
            return false;
    } catch (const std::exception& e) {
        error = path + ": " + e.what();
        return false;
    }
    return true;
}

namespace {

// Reads a training log (ours or `pixelscope train`'s); a missing or odd file gives no rows.
std::vector<LogRow> read_log(const std::string& path) {
    std::vector<LogRow> rows;
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) return rows;  // the header
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) f.push_back(cell);
        if (f.size() < 5) continue;
        try {
            LogRow r;
            r.step = std::stoll(f[0]);
            r.seconds = std::stod(f[1]);
            r.images = std::stoll(f[2]);
            r.images_per_second = std::stod(f[3]);
            r.train_nll = std::stod(f[4]);
            if (f.size() >= 7 && !f[6].empty()) r.test_nll = std::stod(f[6]);
            rows.push_back(r);
        } catch (const std::exception&) {
            continue;  // a torn or foreign line: skip it
        }
    }
    return rows;
}

}  // namespace

bool TrainingWorker::load_checkpoint(const std::string& path, std::string& error) {
    if (active()) {
        error = "stop training before loading a checkpoint";
        return false;
    }
    join();
    en::LoadedModel loaded = en::load_model(path);
    if (!loaded.ok) {
        error = loaded.error;
        return false;
    }
    auto s = std::make_shared<ModelSnapshot>();
    s->config = loaded.model->config();
    s->values = param_values(*loaded.model);
    auto meta = [&](const std::string& key) {
        auto it = loaded.metadata.find(key);
        return it == loaded.metadata.end() ? std::string() : it->second;
    };
    try {
        s->step = meta("step").empty() ? 0 : std::stoll(meta("step"));
        s->images = meta("images").empty() ? 0 : std::stoll(meta("images"));
        if (!meta("nll").empty()) s->train_nll = std::stod(meta("nll"));
    } catch (const std::exception&) {
        error = path + ": metadata step/images/nll is not a number";
        return false;
    }
    s->dataset = meta("dataset").empty() ? "mnist" : meta("dataset");
    if (!data::parse_binarize(meta("binarize"), s->binarize))
        s->binarize = s->config.output == en::OutputKind::softmax256 ? data::Binarize::none
                                                                     : data::Binarize::threshold;
    std::vector<LogRow> log = read_log(log_path_for(path));
    std::lock_guard<std::mutex> lock(m_publish_mutex);
    m_view = TrainingView{};
    m_resume.reset();  // the loaded weights carry no optimiser state: Adam starts afresh
    m_view.metrics.state = TrainingState::idle;
    m_view.metrics.step = s->step;
    m_view.metrics.images = s->images;
    m_view.metrics.train_nll = s->train_nll;
    if (!log.empty()) {
        m_view.metrics.elapsed = log.back().seconds;
        for (const LogRow& r : log)
            if (finite(r.test_nll)) m_view.metrics.test_nll = r.test_nll;
    }
    m_view.metrics.message =
        "loaded " + path + " (" + s->config.arch + ", step " + std::to_string(s->step) + ")";
    m_view.log = std::move(log);
    m_view.dataset = s->dataset;
    m_view.config.model = s->config;
    m_view.config.binarize = s->binarize;
    m_view.model = std::move(s);
    m_version.fetch_add(1);
    return true;
}

}  // namespace ps::app
