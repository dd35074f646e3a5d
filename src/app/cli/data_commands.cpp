// `pixelscope data info [--data NAME|PATH]` and `pixelscope data show --index I --out x.png`:
// what a dataset holds, and one image as a PNG. Everything is loaded by src/data; this file parses
// flags, prints, and turns every bad input into one line `pixelscope: <file>: <problem>` with
// exit code 2.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "data/batch.hpp"
#include "data/dataset.hpp"
#include "viz/png.hpp"

namespace ps::app {

namespace {

struct Bad {
    std::string message;  // "<file or flag>: <problem>"
};

// Flags are taken as strings and parsed here so that every mistake gets exactly one line.
int parse_int(const char* flag, const std::string& text, long lo, long hi) {
    std::size_t used = 0;
    long v = 0;
    try {
        v = std::stol(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (text.empty() || used != text.size())
        throw Bad{std::string(flag) + ": expected an integer, got '" + text + "'"};
    if (v < lo || v > hi)
        throw Bad{std::string(flag) + ": " + text + " is out of range " + std::to_string(lo) +
                  ".." + std::to_string(hi)};
    return int(v);
}

void reject_extras(const CLI::App* cmd, const char* name) {
    if (!cmd->remaining().empty())
        throw Bad{std::string(name) + ": unknown argument '" + cmd->remaining().front() +
                  "' (see --help)"};
}

data::Dataset load_or_throw(const std::string& name, double* ms = nullptr) {
    const auto t0 = std::chrono::steady_clock::now();
    data::DatasetResult r = data::load_dataset(name);
    if (ms)
        *ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                  .count();
    if (!r.ok) throw Bad{r.error};
    return std::move(r.dataset);
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// ---------------------------------------------------------------------------------------------
// data info

void print_info(const data::Dataset& d, double load_ms) {
    const data::Images& im = d.images;
    const std::size_t n_values = im.pixels.size();
    std::uint64_t sum = 0, on = 0;
    std::vector<std::uint64_t> channel_sum(std::size_t(im.channels), 0);
    const std::size_t plane = std::size_t(im.rows) * std::size_t(im.cols);
    for (std::size_t k = 0; k < n_values; ++k) {
        const std::uint8_t p = im.pixels[k];
        sum += p;
        on += p >> 7;  // threshold binarisation: 1 iff p >= 128
        channel_sum[(k / plane) % std::size_t(im.channels)] += p;
    }
    const double mean = n_values ? double(sum) / double(n_values) : 0.0;
    const double mean_bin = n_values ? double(on) / double(n_values) : 0.0;

    std::cout << "dataset       " << d.name << "\n"
              << "source        " << d.source << "\n"
              << "images        " << im.count << ", " << im.channels << "x" << im.rows << "x"
              << im.cols << " (CxHxW), " << im.rows << "x" << im.cols << " pixels, u8\n"
              << "split         " << d.train.size() << " train / " << d.test.size() << " test ("
              << d.split << ")\n"
              << "mean pixel    " << fixed(mean, 2) << " of 0..255";
    if (im.channels == 3) {
        const double per = double(plane) * im.count;
        std::cout << " (R " << fixed(double(channel_sum[0]) / per, 2) << ", G "
                  << fixed(double(channel_sum[1]) / per, 2) << ", B "
                  << fixed(double(channel_sum[2]) / per, 2) << ")";
    }
    std::cout << "\n"
              << "binarised     " << fixed(mean_bin, 4)
              << " mean after threshold binarisation (fraction of pixels >= 128)\n";

    if (d.labels.empty()) {
        std::cout << "labels        none\n";
    } else {
        // Histogram over all images, split into train / test.
        std::vector<int> train(256, 0), test(256, 0);
        for (int i : d.train) ++train[d.labels[std::size_t(i)]];
        for (int i : d.test) ++test[d.labels[std::size_t(i)]];
        int classes = 0;
        for (int k = 0; k < 256; ++k)
            if (train[std::size_t(k)] + test[std::size_t(k)] > 0) ++classes;
        std::cout << "labels        " << d.labels.size() << ", " << classes << " distinct values\n"
                  << "  label   total   train    test  name\n";
        for (int k = 0; k < 256; ++k) {
            const int tr = train[std::size_t(k)], te = test[std::size_t(k)];
            if (tr + te == 0) continue;
            char line[128];
            std::snprintf(line, sizeof line, "  %5d %7d %7d %7d", k, tr + te, tr, te);
            // Names only where they say more than the number ("Trouser", not "1").
            const bool named = std::size_t(k) < d.class_names.size() &&
                               d.class_names[std::size_t(k)] != std::to_string(k);
            std::cout << line << (named ? "  " + d.class_names[std::size_t(k)] : "") << "\n";
        }
        std::cout << "first labels ";
        for (std::size_t i = 0; i < std::min<std::size_t>(12, d.labels.size()); ++i)
            std::cout << " " << int(d.labels[i]);
        std::cout << "   (images 0..)\n";
        if (!d.test.empty()) {
            std::cout << "first test   ";
            for (std::size_t j = 0; j < std::min<std::size_t>(12, d.test.size()); ++j)
                std::cout << " " << int(d.labels[std::size_t(d.test[j])]);
            std::cout << "   (test images " << d.test[0] << ", "
                      << (d.test.size() > 1 ? std::to_string(d.test[1]) + ", ...)" : ")") << "\n";
        }
    }
    std::cout << "loaded in     " << fixed(load_ms, 1) << " ms\n";
}

// ---------------------------------------------------------------------------------------------
// data show

struct ShowFlags {
    std::string data = "mnist", index, scale = "10", binarize = "none", seed = "0", out;
};

void run_show(const ShowFlags& f) {
    if (f.index.empty()) throw Bad{"data show: --index I is required"};
    if (f.out.empty()) throw Bad{"data show: --out FILE.png is required"};
    const int scale = parse_int("--scale", f.scale, 1, 64);
    data::Binarize mode = data::Binarize::none;
    if (!data::parse_binarize(f.binarize, mode))
        throw Bad{"--binarize: expected threshold, stochastic or none, got '" + f.binarize + "'"};
    const int seed = parse_int("--seed", f.seed, 0, 2147483647);
    // Any int parses here; the range check below names the dataset's size.
    const int index = parse_int("--index", f.index, -2147483647L, 2147483647L);

    const data::Dataset d = load_or_throw(f.data);
    const data::Images& im = d.images;
    if (index < 0 || index >= im.count)
        throw Bad{d.name + ": --index " + std::to_string(index) + " out of range: " +
                  std::to_string(im.count) + " images, 0.." + std::to_string(im.count - 1)};

    // (C, H, W) planes -> floats (binarised or not) -> interleaved (H, W, C) bytes for PNG.
    const std::size_t plane = std::size_t(im.rows) * std::size_t(im.cols);
    std::vector<float> values(im.image_size());
    data::convert_image(im.image(index), values.size(), mode,
                        data::stochastic_key(std::uint64_t(seed), 0, index), values.data());
    const float to_byte = mode == data::Binarize::none ? 1.0f : 255.0f;
    std::vector<std::uint8_t> pixels(values.size());
    for (int c = 0; c < im.channels; ++c)
        for (std::size_t k = 0; k < plane; ++k)
            pixels[k * std::size_t(im.channels) + std::size_t(c)] =
                std::uint8_t(values[std::size_t(c) * plane + k] * to_byte);

    std::string error;
    if (!viz::save_png(f.out, pixels.data(), im.cols, im.rows, im.channels, error, scale))
        throw Bad{error};
    std::cout << "wrote " << f.out << " (" << im.cols * scale << "x" << im.rows * scale << ", "
              << d.name << " image " << index;
    if (!d.labels.empty()) {
        const int label = d.labels[std::size_t(index)];
        std::cout << ", label " << label;
        if (std::size_t(label) < d.class_names.size() &&
            d.class_names[std::size_t(label)] != std::to_string(label))
            std::cout << " " << d.class_names[std::size_t(label)];
    }
    // test is sorted (both splits list indices in increasing order).
    const bool is_test = std::binary_search(d.test.begin(), d.test.end(), index);
    std::cout << ", " << (is_test ? "test" : "train") << ", binarize " << data::to_string(mode)
              << ")\n";
}

// Runs `body`, turning a Bad into one line on stderr and exit code 2.
template <typename Body>
void guarded(int& exit_code, Body body) {
    try {
        body();
        exit_code = 0;
    } catch (const Bad& b) {
        std::cerr << "pixelscope: " << b.message << "\n";
        exit_code = 2;
    } catch (const std::exception& e) {
        std::cerr << "pixelscope: internal error: " << e.what() << "\n";
        exit_code = 1;
    }
}

}  // namespace

void add_data_commands(CLI::App& app, int& exit_code) {
    std::string names;
    for (const auto& n : data::dataset_names()) names += (names.empty() ? "" : ", ") + n;
    const std::string data_help =
        "Dataset: " + names +
        ", an images IDX file (labels found beside it), a folder with train-/t10k- IDX files, "
        "or IMAGES,LABELS (default mnist)";

    CLI::App* data = app.add_subcommand("data", "Inspect the datasets (info, show)");
    data->require_subcommand(1);

    auto info_data = std::make_shared<std::string>("mnist");
    CLI::App* info = data->add_subcommand(
        "info", "Print counts, shape, split, mean pixel, label histogram and the first labels");
    info->allow_extras();
    info->add_option("--data", *info_data, data_help);
    info->callback([info, info_data, &exit_code]() {
        guarded(exit_code, [&] {
            reject_extras(info, "data info");
            double ms = 0;
            const data::Dataset d = load_or_throw(*info_data, &ms);
            print_info(d, ms);
        });
    });

    auto sf = std::make_shared<ShowFlags>();
    CLI::App* show = data->add_subcommand("show", "Write one image as a PNG, scaled up");
    show->allow_extras();
    show->add_option("--index", sf->index, "Image index, 0..N-1 (required)");
    show->add_option("--data", sf->data, data_help);
    show->add_option("--scale", sf->scale, "Each pixel becomes an S x S block, 1..64 (default 10)");
    show->add_option("--binarize", sf->binarize,
                     "none (grey 0..255, default), threshold (pixel >= 128 -> white) or "
                     "stochastic (Bernoulli(pixel/255), drawn with --seed)");
    show->add_option("--seed", sf->seed, "Seed of the stochastic binarisation (default 0)");
    show->add_option("--out", sf->out, "PNG file to write (required)");
    show->callback([show, sf, &exit_code]() {
        guarded(exit_code, [&] {
            reject_extras(show, "data show");
            run_show(*sf);
        });
    });
}

}  // namespace ps::app
