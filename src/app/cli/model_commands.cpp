// The model commands: train, eval, sample, bench. The engine does the work; this file parses
// flags, wires src/data batches into the engine's Trainer, prints, and turns every bad input into
// one line `pixelscope: <flag or file>: <problem>` with exit code 2.
//
//   pixelscope train --arch pixelcnn [--h 16 --layers 5 --data mnist --binarize threshold
//                    --batch 16 --lr 1e-3 --seconds S | --epochs E --threads 1 --seed 1]
//                    --out model.safetensors
//   pixelscope eval model.safetensors [--split test|train --threads N --limit N]
//   pixelscope sample model.safetensors [--mode naive|cached --count 16 --seed 1
//                     --temperature 1] --out grid.png
//   pixelscope complete model.safetensors --index I --rows-kept K [--count N --mode cached
//                       --seed 1 --temperature 1] --out x.png
//   pixelscope bench --arch pixelcnn [--threads 1 --seconds 5 --json]
//   pixelscope bench --sample [--arch X]   naive vs cached sampling of a batch of 16 28x28
//
// Sections: 1. helpers   2. train   3. eval   4. sample   5. bench   6. registration
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>  // access()

#include "app/commands.hpp"
#include "data/batch.hpp"
#include "data/dataset.hpp"
#include "engine/checkpoint.hpp"
#include "engine/sampler.hpp"
#include "engine/trainer.hpp"
#include "viz/png.hpp"

#include <xtensor/xview.hpp>

namespace ps::app {

namespace {

namespace en = ps::engine;

// 1. helpers -------------------------------------------------------------------------------------

struct Bad {
    std::string message;  // "<file or flag>: <problem>"
};

template <typename Body>
void guarded(int& exit_code, Body body) {
    try {
        body();
        exit_code = 0;
    } catch (const Bad& b) {
        std::cerr << "pixelscope: " << b.message << "\n";
        exit_code = 2;
    } catch (const en::EngineError& e) {
        std::cerr << "pixelscope: " << e.what() << "\n";
        exit_code = 2;
    } catch (const std::exception& e) {
        std::cerr << "pixelscope: internal error: " << e.what() << "\n";
        exit_code = 1;
    }
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

data::Dataset load_data(const std::string& name) {
    data::DatasetResult r = data::load_dataset(name);
    if (!r.ok) throw Bad{r.error};
    return std::move(r.dataset);
}

en::LoadedModel load_checkpoint(const std::string& path) {
    en::LoadedModel m = en::load_model(path);
    if (!m.ok) throw Bad{m.error};
    return m;
}

std::string meta(const en::LoadedModel& m, const std::string& key, const std::string& fallback) {
    auto it = m.metadata.find(key);
    return it == m.metadata.end() ? fallback : it->second;
}

// "runs/model.safetensors" -> "runs/model.csv"
std::string csv_path_for(const std::string& out) {
    const auto slash = out.find_last_of('/');
    const auto dot = out.find_last_of('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash))
        return out.substr(0, dot) + ".csv";
    return out + ".csv";
}

std::string duration_text(double seconds) {
    const long s = long(std::max(0.0, seconds) + 0.5);
    if (s >= 3600) return std::to_string(s / 3600) + "h" + std::to_string((s % 3600) / 60) + "m";
    if (s >= 60) return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
    return std::to_string(s) + "s";
}

void check_image_size(const data::Dataset& d, const en::ModelConfig& c, const std::string& file) {
    if (d.images.channels != c.channels || d.images.rows != c.height || d.images.cols != c.width)
        throw Bad{file + ": model expects " + std::to_string(c.channels) + "x" +
                  std::to_string(c.height) + "x" + std::to_string(c.width) + " images, dataset '" +
                  d.name + "' has " + std::to_string(d.images.channels) + "x" +
                  std::to_string(d.images.rows) + "x" + std::to_string(d.images.cols)};
}

// 2. train ---------------------------------------------------------------------------------------

struct TrainFlags {
    std::string arch = "pixelcnn";
    int h = 16, layers = -1;  // -1: the arch's canonical L
    std::string data = "mnist", binarize = "threshold";
    int batch = 16;
    double lr = 1e-3, seconds = 0, epochs = 0;
    int threads = 1;
    std::uint64_t seed = 1;
    std::string out;
    double checkpoint_every = 30;
    double ema = 0.99;
};

void run_train(const TrainFlags& f) {
    data::Binarize mode;
    if (!data::parse_binarize(f.binarize, mode))
        throw Bad{"--binarize: expected threshold, stochastic or none, got '" + f.binarize + "'"};
    if (f.seconds > 0 && f.epochs > 0) throw Bad{"--seconds and --epochs: give one, not both"};
    const data::Dataset d = load_data(f.data);
    if (d.train.empty()) throw Bad{f.data + ": has no training images"};

    en::ModelConfig cfg;
    cfg.arch = f.arch;
    cfg.h = f.h;
    cfg.layers = f.layers >= 0 ? f.layers : en::canonical_layers(f.arch);
    cfg.channels = d.images.channels;
    cfg.height = d.images.rows;
    cfg.width = d.images.cols;
    cfg.output = mode == data::Binarize::none ? en::OutputKind::softmax256
                                              : en::OutputKind::bernoulli;
    auto model = en::make_model<float>(cfg, f.seed);  // EngineError -> exit 2 with its message
    {
        // the logits' bias starts at the training pixels' marginal (up to 2,000 images)
        std::vector<int> some(d.train.begin(),
                              d.train.begin() + long(std::min<std::size_t>(2000, d.train.size())));
        en::init_output_bias(*model, data::to_tensor(d.images, some, mode, f.seed));
    }

    // The log is rewritten whole and atomically (like the checkpoint: temporary file, rename), at
    // most once a second and with every checkpoint, so a kill at any moment leaves the previous
    // log or a newer one, never a torn one.
    const std::string csv_path = csv_path_for(f.out);
    {
        const auto slash = csv_path.find_last_of('/');
        const std::string dir = slash == std::string::npos ? "." : csv_path.substr(0, slash + 1);
        if (::access(dir.c_str(), W_OK) != 0)
            throw Bad{csv_path + ": cannot create the training log (no such folder, or read-only)"};
    }
    std::string csv = "step,seconds,images,images_per_second,running_nll_nats,bits_per_dim\n";
    double last_log_write = -1e9;
    auto write_log = [&](double now) {
        std::string error;
        if (!en::write_file_atomic(csv_path, csv.data(), csv.size(), error)) throw Bad{error};
        last_log_write = now;
    };

    en::TrainerOptions opt;
    opt.adam.lr = f.lr;
    opt.threads = f.threads;
    opt.ema_decay = f.ema;
    en::Trainer trainer(*model, opt);
    data::BatchIterator batches(d.images, d.train, f.batch, mode, f.seed);
    const long long steps_per_epoch = batches.batches_per_epoch();
    const long long max_steps =
        f.epochs > 0 ? std::max(1LL, (long long)std::llround(f.epochs * double(steps_per_epoch)))
                     : 0;
    const double seconds = (f.seconds <= 0 && f.epochs <= 0) ? 60.0 : f.seconds;

    std::cout << "train " << cfg.arch << " h=" << cfg.h << " L=" << cfg.layers << " on " << d.name
              << " (" << d.train.size() << " train images, " << cfg.channels << "x" << cfg.height
              << "x" << cfg.width << ", binarize " << data::to_string(mode) << ", "
              << en::to_string(cfg.output) << "), batch " << f.batch << ", lr " << f.lr << ", "
              << f.threads << " thread(s), "
              << (max_steps > 0 ? std::to_string(max_steps) + " steps"
                                : fixed(seconds, 0) + " s")
              << ", " << model->params().total_values() << " parameters\n";

    auto metadata = [&](const en::TrainProgress& p) {
        return std::map<std::string, std::string>{
            {"dataset", f.data},
            {"split", "train"},
            {"binarize", data::to_string(mode)},
            {"step", std::to_string(p.step)},
            {"images", std::to_string(p.images)},
            {"nll", fixed(p.running_nll, 4)},
            {"seed", std::to_string(f.seed)},
            {"lr", fixed(f.lr, 6)},
            {"batch", std::to_string(f.batch)},
            {"weights", f.ema > 0 ? "average (ema " + fixed(f.ema, 6) + ")" : "last step"}};
    };
    auto save = [&](const en::TrainProgress& p) {
        const std::vector<en::Tensor1<float>> values = trainer.averaged_values();
        std::string error;
        if (!en::save_model(f.out, *model, metadata(p), error, &values)) throw Bad{error};
    };
    double last_save = 0;
    const en::TrainProgress last = trainer.run(
        [&]() -> const en::Tensor4<float>& { return batches.next(); }, seconds, max_steps,
        [&](const en::TrainProgress& p) {
            const double bpd = en::bits_per_dim(p.running_nll, cfg.channels, cfg.height, cfg.width);
            const double eta = max_steps > 0 ? (double(max_steps - p.step) * p.seconds /
                                                double(std::max(1LL, p.step)))
                                             : seconds - p.seconds;
            std::cout << "step " << p.step << "  " << fixed(p.images_per_second, 1)
                      << " images/s  nll " << fixed(p.running_nll, 2) << " nats ("
                      << fixed(bpd, 4) << " bits/dim)  epoch " << batches.epoch() << "  eta "
                      << duration_text(eta) << std::endl;
            csv += std::to_string(p.step) + "," + fixed(p.seconds, 3) + "," +
                   std::to_string(p.images) + "," + fixed(p.images_per_second, 2) + "," +
                   fixed(p.running_nll, 4) + "," + fixed(bpd, 6) + "\n";
            if (p.seconds - last_save >= f.checkpoint_every) {
                last_save = p.seconds;
                save(p);
                write_log(p.seconds);
            } else if (p.seconds - last_log_write >= 1.0) {
                write_log(p.seconds);
            }
            return true;
        },
        // progress (and so checkpoint) at least as often as --checkpoint-every asks
        std::min(1.0, f.checkpoint_every));
    save(last);
    write_log(last.seconds);
    std::cout << "wrote " << f.out << " after " << last.step << " steps (" << last.images
              << " images, " << fixed(last.seconds, 1) << " s); log " << csv_path << "\n";
}

// 3. eval ----------------------------------------------------------------------------------------

struct EvalFlags {
    std::string checkpoint, split = "test", data;
    int threads = 1, limit = 0;
};

void run_eval(const EvalFlags& f) {
    const en::LoadedModel m = load_checkpoint(f.checkpoint);
    const en::ModelConfig& cfg = m.model->config();
    const std::string data_name = f.data.empty() ? meta(m, "dataset", "mnist") : f.data;
    const data::Dataset d = load_data(data_name);
    check_image_size(d, cfg, f.checkpoint);
    // every reported NLL of binarised data uses threshold binarisation (DESIGN.md §4)
    const data::Binarize mode = cfg.output == en::OutputKind::bernoulli ? data::Binarize::threshold
                                                                        : data::Binarize::none;
    std::vector<int> idx = f.split == "train" ? d.train : d.test;
    if (f.limit > 0 && std::size_t(f.limit) < idx.size()) idx.resize(std::size_t(f.limit));
    if (idx.empty()) throw Bad{data_name + ": the " + f.split + " split is empty"};

    en::Trainer evaluator(*m.model, en::TrainerOptions{{}, f.threads});
    const auto t0 = std::chrono::steady_clock::now();
    double total = 0;
    const std::size_t chunk = 64;
    for (std::size_t b = 0; b < idx.size(); b += chunk) {
        const std::vector<int> part(idx.begin() + long(b),
                                    idx.begin() + long(std::min(idx.size(), b + chunk)));
        total += evaluator.nll_sum(data::to_tensor(d.images, part, mode));
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double nats = total / double(idx.size());
    std::cout << f.split << " NLL " << fixed(nats, 3) << " nats/image, "
              << fixed(en::bits_per_dim(nats, cfg.channels, cfg.height, cfg.width), 4)
              << " bits/dim over " << idx.size() << " images (" << data_name << ", "
              << data::to_string(mode) << "; " << cfg.arch << " h=" << cfg.h
              << " L=" << cfg.layers << ", step " << meta(m, "step", "?") << ", "
              << fixed(secs, 1) << " s)\n";
}

// 4. sample --------------------------------------------------------------------------------------

struct SampleFlags {
    std::string checkpoint, out, mode = "cached";
    int count = 16, scale = 4;
    std::uint64_t seed = 1;
    double temperature = 1.0;
    int index = 0, rows_kept = 14;  // complete
};

// images (n, C, H, W) as a PNG grid of `cols` columns, 1-pixel mid-grey gutters, values 0..255
// (bernoulli 0/1 scaled up; a value < 0 marks a hidden pixel, drawn mid-grey)
void write_grid(const std::string& out, const en::Tensor4<float>& x, const en::ModelConfig& cfg,
                int cols, int scale) {
    const int count = int(x.shape(0));
    const int rows = (count + cols - 1) / cols;
    const int gw = cols * (cfg.width + 1) + 1, gh = rows * (cfg.height + 1) + 1, C = cfg.channels;
    std::vector<std::uint8_t> grid(std::size_t(gw) * gh * C, 128);
    const float to_byte = cfg.output == en::OutputKind::bernoulli ? 255.f : 1.f;
    for (int n = 0; n < count; ++n) {
        const int oy = 1 + (n / cols) * (cfg.height + 1), ox = 1 + (n % cols) * (cfg.width + 1);
        for (int y = 0; y < cfg.height; ++y)
            for (int xx = 0; xx < cfg.width; ++xx)
                for (int c = 0; c < C; ++c) {
                    const float v =
                        x(std::size_t(n), std::size_t(c), std::size_t(y), std::size_t(xx));
                    grid[(std::size_t(oy + y) * gw + std::size_t(ox + xx)) * C + c] =
                        v < 0 ? std::uint8_t(128) : std::uint8_t(std::clamp(v * to_byte, 0.f, 255.f));
                }
    }
    std::string error;
    if (!viz::save_png(out, grid.data(), gw, gh, C, error, scale)) throw Bad{error};
}

en::SampleMode parse_mode(const std::string& text) {
    try {
        return en::sample_mode_from_string(text);
    } catch (const en::EngineError& e) {
        throw Bad{std::string("--mode: ") + e.what()};
    }
}

void run_sample(const SampleFlags& f) {
    const en::LoadedModel m = load_checkpoint(f.checkpoint);
    const en::ModelConfig& cfg = m.model->config();
    const auto t0 = std::chrono::steady_clock::now();
    en::Sampler sampler(*m.model, f.count, f.seed, f.temperature, parse_mode(f.mode));
    sampler.run();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_grid(f.out, sampler.images(), cfg, int(std::ceil(std::sqrt(double(f.count)))), f.scale);
    std::cout << "wrote " << f.out << ": " << f.count << " samples from " << f.checkpoint
              << " (" << f.mode << ", seed " << f.seed << ", temperature " << f.temperature
              << ", " << fixed(secs, 1) << " s)\n";
}

// Completion: test image `index` of the checkpoint's dataset, its rows >= rows_kept hidden, and
// `count` completions with seeds seed, seed+1, ... Written as one row: original | hidden | ...
void run_complete(const SampleFlags& f) {
    const en::LoadedModel m = load_checkpoint(f.checkpoint);
    const en::ModelConfig& cfg = m.model->config();
    const std::string data_name = meta(m, "dataset", "mnist");
    const data::Dataset d = load_data(data_name);
    check_image_size(d, cfg, f.checkpoint);
    if (f.index < 0 || std::size_t(f.index) >= d.test.size())
        throw Bad{"--index: " + std::to_string(f.index) + " is not in 0.." +
                  std::to_string(int(d.test.size()) - 1) + " (the test split of " + data_name +
                  ")"};
    if (f.rows_kept < 0 || f.rows_kept > cfg.height)
        throw Bad{"--rows-kept: " + std::to_string(f.rows_kept) + " is not in 0.." +
                  std::to_string(cfg.height)};
    const data::Binarize bin = cfg.output == en::OutputKind::bernoulli ? data::Binarize::threshold
                                                                       : data::Binarize::none;
    const en::Tensor4<float> original = data::to_tensor(d.images, {d.test[std::size_t(f.index)]}, bin);
    const std::size_t C = std::size_t(cfg.channels), H = std::size_t(cfg.height),
                      W = std::size_t(cfg.width), n = std::size_t(f.count);
    en::Tensor4<float> prefix({n, C, H, W});
    for (std::size_t b = 0; b < n; ++b) xt::view(prefix, b) = xt::view(original, 0);
    // one sampler per seed, so completion k is what `--seed seed+k --count 1` would draw
    en::Tensor4<float> grid({n + 2, C, H, W});
    xt::view(grid, 0) = xt::view(original, 0);
    xt::view(grid, 1) = xt::view(original, 0);
    for (std::size_t c = 0; c < C; ++c)
        for (std::size_t y = std::size_t(f.rows_kept); y < H; ++y)
            for (std::size_t x = 0; x < W; ++x) grid(1, c, y, x) = -1.f;  // hidden
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < n; ++k) {
        en::Sampler s(*m.model, 1, f.seed + k, f.temperature, parse_mode(f.mode));
        en::Tensor4<float> one = xt::view(prefix, xt::range(k, k + 1));
        s.reset_with_prefix(one, f.rows_kept);
        s.run();
        xt::view(grid, k + 2) = xt::view(s.images(), 0);
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_grid(f.out, grid, cfg, int(n + 2), f.scale);
    std::cout << "wrote " << f.out << ": test image " << f.index << " of " << data_name
              << ", its first " << f.rows_kept << " rows kept, " << n
              << " completions (seeds " << f.seed << ".." << f.seed + n - 1 << ", " << f.mode
              << ", " << fixed(secs, 1) << " s)\n";
}

// 5. bench ---------------------------------------------------------------------------------------

struct BenchFlags {
    std::string arch = "pixelcnn";
    int threads = 1, h = 16, layers = -1, batch = 16;
    double seconds = 5;
    bool json = false, sample = false, arch_given = false;
};

// bench --sample: one forward of a batch of 16 28x28 binarised images against sampling that batch
// in both modes. Naive sampling is H*W forwards, so it is timed over the first rows and scaled.
void run_bench_sample(const BenchFlags& f) {
    using clock = std::chrono::steady_clock;
    auto secs_since = [](clock::time_point t0) {
        return std::chrono::duration<double>(clock::now() - t0).count();
    };
    const std::vector<std::string> archs =
        f.arch_given ? std::vector<std::string>{f.arch} : en::arch_names();
    for (const std::string& arch : archs) {
        en::ModelConfig cfg;
        cfg.arch = arch;
        cfg.h = f.h;
        cfg.layers = f.layers >= 0 ? f.layers : en::canonical_layers(arch);
        auto model = en::make_model<float>(cfg, 1);
        const int B = f.batch, HW = cfg.height * cfg.width;
        std::mt19937_64 rng(1);
        std::bernoulli_distribution on(0.2);
        en::Tensor4<float> x({std::size_t(B), 1, std::size_t(cfg.height), std::size_t(cfg.width)});
        for (auto& v : x) v = on(rng) ? 1.f : 0.f;
        auto cache = model->make_cache();
        en::Tensor4<float> logits;
        model->forward(logits, *cache, x);  // warm-up
        int reps = 0;
        auto t0 = clock::now();
        do {
            model->forward(logits, *cache, x);
            ++reps;
        } while (secs_since(t0) < 0.5 || reps < 3);
        const double forward = secs_since(t0) / reps;

        double cached = -1;
        if (model->make_pixel_state(B)) {
            en::Sampler s(*model, B, 1, 1.0, en::SampleMode::cached);
            s.run();  // warm-up
            reps = 0;
            t0 = clock::now();
            do {
                s.reset();
                s.run();
                ++reps;
            } while (secs_since(t0) < 0.5 || reps < 2);
            cached = secs_since(t0) / reps;
        }
        en::Sampler naive(*model, B, 1, 1.0, en::SampleMode::naive);
        const int steps = std::min(HW, 2 * cfg.width);
        t0 = clock::now();
        for (int k = 0; k < steps; ++k) naive.step();
        const double naive_total = secs_since(t0) / steps * HW;
        std::cout << arch << " h=" << cfg.h << " L=" << cfg.layers << ", batch " << B
                  << " 28x28 binarised: one forward " << fixed(forward * 1e3, 2)
                  << " ms; naive sampling " << fixed(naive_total, 2) << " s (" << HW
                  << " forwards, timed over " << steps << "); cached sampling ";
        if (cached < 0)
            std::cout << "not available\n";
        else
            std::cout << fixed(cached * 1e3, 2) << " ms = " << fixed(cached / forward, 2)
                      << " x one forward (naive " << fixed(naive_total / forward, 0) << " x)\n";
    }
}

void run_bench(const BenchFlags& f) {
    if (f.sample) return run_bench_sample(f);
    en::ModelConfig cfg;  // canonical: 28x28 binarised, C = 1
    cfg.arch = f.arch;
    cfg.h = f.h;
    cfg.layers = f.layers >= 0 ? f.layers : en::canonical_layers(f.arch);
    auto model = en::make_model<float>(cfg, 1);
    en::TrainerOptions opt;
    opt.threads = f.threads;
    en::Trainer trainer(*model, opt);
    // random binary images: the speed does not depend on the pixel values
    std::mt19937_64 rng(1);
    std::bernoulli_distribution on(0.2);
    en::Tensor4<float> x({std::size_t(f.batch), 1, 28, 28});
    for (auto& v : x) v = on(rng) ? 1.f : 0.f;

    // Wall-clock rates are what a user sees; per CPU-second rates (process CPU time, all
    // threads) stay meaningful when other work shares the cores.
    using clock = std::chrono::steady_clock;
    auto cpu_seconds = [] {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
    };
    struct Rate {
        double wall, cpu;
    };
    auto measure = [&](auto&& work) {
        for (int i = 0; i < 2; ++i) work();  // warm-up
        const auto t0 = clock::now();
        const double c0 = cpu_seconds();
        long long n = 0;
        double s = 0;
        do {
            work();
            ++n;
            s = std::chrono::duration<double>(clock::now() - t0).count();
        } while (s < f.seconds * 0.5);
        const double images = double(n) * f.batch;
        return Rate{images / s, images / std::max(1e-9, cpu_seconds() - c0)};
    };
    const Rate train = measure([&] { trainer.step(x); });
    const Rate fwd = measure([&] { trainer.nll_sum(x); });
    if (f.json) {
        std::cout << "{\"arch\":\"" << cfg.arch << "\",\"h\":" << cfg.h
                  << ",\"layers\":" << cfg.layers << ",\"batch\":" << f.batch
                  << ",\"threads\":" << f.threads << ",\"train_images_per_second\":"
                  << fixed(train.wall, 1) << ",\"forward_images_per_second\":" << fixed(fwd.wall, 1)
                  << ",\"train_images_per_cpu_second\":" << fixed(train.cpu, 1)
                  << ",\"forward_images_per_cpu_second\":" << fixed(fwd.cpu, 1) << "}\n";
    } else {
        std::cout << cfg.arch << " h=" << cfg.h << " L=" << cfg.layers << " batch " << f.batch
                  << " 28x28 binarised, " << f.threads << " thread(s): train "
                  << fixed(train.wall, 1) << " images/s, forward " << fixed(fwd.wall, 1)
                  << " images/s (per CPU-second: train " << fixed(train.cpu, 1) << ", forward "
                  << fixed(fwd.cpu, 1) << ")\n";
    }
}

}  // namespace

// 6. registration --------------------------------------------------------------------------------

void add_model_commands(CLI::App& app, int& exit_code) {
    const auto& archs = en::arch_names();
    std::string arch_help;
    for (const auto& a : archs) arch_help += (arch_help.empty() ? "" : " | ") + a;

    auto tf = std::make_shared<TrainFlags>();
    CLI::App* train = app.add_subcommand("train", "Train a model, write a safetensors checkpoint");
    train->add_option("--arch", tf->arch, "Architecture: " + arch_help)
        ->check(CLI::IsMember(archs));
    train->add_option("--h", tf->h, "Hidden features h (default 16)")->check(CLI::Range(1, 1024));
    train->add_option("--layers", tf->layers, "Layers L (default: the arch's canonical L)")
        ->check(CLI::Range(0, 256));
    train->add_option("--data", tf->data, "Dataset: mnist, fashion, colored-mnist or IDX path");
    train->add_option("--binarize", tf->binarize,
                      "threshold | stochastic (Bernoulli output) | none (256-way softmax)")
        ->check(CLI::IsMember({"threshold", "stochastic", "none"}));
    train->add_option("--batch", tf->batch, "Batch size (default 16)")->check(CLI::Range(1, 4096));
    train->add_option("--lr", tf->lr, "Adam learning rate (default 1e-3)")
        ->check(finite_range(1e-8, 10.0));
    auto* secs = train->add_option("--seconds", tf->seconds, "Train this long (default 60)")
                     ->check(finite_range(0.001, 1e7));
    train->add_option("--epochs", tf->epochs, "Train this many epochs instead")
        ->check(finite_range(0.001, 1e6))
        ->excludes(secs);
    train->add_option("--threads", tf->threads, "Threads (split the batch)")
        ->check(CLI::Range(1, 64));
    train->add_option("--seed", tf->seed, "Seed of the init and the batch order (default 1)");
    train->add_option("--checkpoint-every", tf->checkpoint_every,
                      "Seconds between checkpoints (default 30)")
        ->check(finite_range(0.001, 1e7));
    train->add_option("--ema", tf->ema,
                      "Checkpoint the weights' moving average with this decay (default 0.99, "
                      "0: the last step's weights)")
        ->check(finite_range(0.0, 0.999999));
    train->add_option("--out", tf->out, "Checkpoint to write (.safetensors); a .csv log beside it")
        ->required();
    train->callback([tf, &exit_code] { guarded(exit_code, [&] { run_train(*tf); }); });

    auto ef = std::make_shared<EvalFlags>();
    CLI::App* eval = app.add_subcommand("eval", "Test NLL (nats, bits/dim) of a checkpoint");
    eval->add_option("checkpoint", ef->checkpoint, "A .safetensors checkpoint")->required();
    eval->add_option("--split", ef->split, "test | train (default test)")
        ->check(CLI::IsMember({"test", "train"}));
    eval->add_option("--data", ef->data, "Dataset (default: the checkpoint's)");
    eval->add_option("--threads", ef->threads, "Threads")->check(CLI::Range(1, 64));
    eval->add_option("--limit", ef->limit, "Only the first N images of the split")
        ->check(CLI::Range(1, 10000000));
    eval->callback([ef, &exit_code] { guarded(exit_code, [&] { run_eval(*ef); }); });

    auto sf = std::make_shared<SampleFlags>();
    CLI::App* sample = app.add_subcommand("sample", "Draw samples from a checkpoint as a PNG grid");
    sample->add_option("checkpoint", sf->checkpoint, "A .safetensors checkpoint")->required();
    sample->add_option("--count", sf->count, "Number of samples (default 16)")
        ->check(CLI::Range(1, 1024));
    sample->add_option("--seed", sf->seed, "Seed (default 1)");
    sample->add_option("--temperature", sf->temperature, "Temperature (default 1)")
        ->check(finite_range(0.01, 100.0));
    sample->add_option("--scale", sf->scale, "PNG scale-up (default 4)")->check(CLI::Range(1, 32));
    sample->add_option("--mode", sf->mode, "naive | cached (default cached; same samples)");
    sample->add_option("--out", sf->out, "PNG to write")->required();
    sample->callback([sf, &exit_code] { guarded(exit_code, [&] { run_sample(*sf); }); });

    auto cf = std::make_shared<SampleFlags>();
    cf->count = 4;
    CLI::App* complete = app.add_subcommand(
        "complete", "Complete a test image from its top rows, several times (PNG row)");
    complete->add_option("checkpoint", cf->checkpoint, "A .safetensors checkpoint")->required();
    complete->add_option("--index", cf->index, "Test image index (default 0)");
    complete->add_option("--rows-kept", cf->rows_kept, "Rows kept from the top (default 14)");
    complete->add_option("--count", cf->count, "Completions (default 4)")
        ->check(CLI::Range(1, 256));
    complete->add_option("--seed", cf->seed, "Seed of the first completion (default 1)");
    complete->add_option("--temperature", cf->temperature, "Temperature (default 1)")
        ->check(finite_range(1e-3, 100.0));
    complete->add_option("--mode", cf->mode, "naive | cached (default cached)");
    complete->add_option("--scale", cf->scale, "PNG scale-up (default 4)")
        ->check(CLI::Range(1, 32));
    complete->add_option("--out", cf->out, "PNG to write")->required();
    complete->callback([cf, &exit_code] { guarded(exit_code, [&] { run_complete(*cf); }); });

    auto bf = std::make_shared<BenchFlags>();
    CLI::App* bench =
        app.add_subcommand("bench", "Train and forward speed of the canonical configuration");
    bench->add_option("--arch", bf->arch, "Architecture: " + arch_help)
        ->check(CLI::IsMember(archs));
    bench->add_option("--threads", bf->threads, "Threads")->check(CLI::Range(1, 64));
    bench->add_option("--h", bf->h, "Hidden features (default 16)")->check(CLI::Range(1, 1024));
    bench->add_option("--layers", bf->layers, "Layers (default canonical)")
        ->check(CLI::Range(0, 256));
    bench->add_option("--batch", bf->batch, "Batch (default 16)")->check(CLI::Range(1, 4096));
    bench->add_option("--seconds", bf->seconds, "Measuring time (default 5)")
        ->check(finite_range(0.1, 3600.0));
    bench->add_flag("--json", bf->json, "Print one JSON object");
    bench->add_flag("--sample", bf->sample,
                    "Time naive and cached sampling of the batch against one forward (every "
                    "architecture unless --arch)");
    bench->callback([bf, bench, &exit_code] {
        bf->arch_given = bench->count("--arch") > 0;
        guarded(exit_code, [&] { run_bench(*bf); });
    });
}

}  // namespace ps::app
