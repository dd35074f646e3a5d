// Hidden debugging commands, for cross-checks against other implementations (tests/torch: the
// PyTorch twin in python/pixelscope_torch). Not listed in --help.
//
//   pixelscope debug init --arch A [--h 4 --layers L --channels 1|3 --height 28 --width 28
//                         --output bernoulli|softmax256 --seed 1] --out model.safetensors
//       a checkpoint holding make_model(config, seed)'s init (fixed weights, no training)
//   pixelscope debug grads model.safetensors [--data mnist] --indices 0,1,2,3 --out grads.safetensors
//       the images at --indices (threshold-binarised for bernoulli, raw 0..255 for softmax256),
//       their NLL per image in nats ("nll", (B)) and d(sum of the B NLLs)/d param for every param
//       ("grad.<param name>", the param's shape), as F32 safetensors
//   pixelscope debug grads model.safetensors --images x.safetensors --out grads.safetensors
//       the same on the images of tensor "images" (B, C, H, W) of a safetensors file (0/1 for
//       bernoulli, 0..255 for softmax256), e.g. small random colour images
//
// Sections: 1. init   2. grads   3. registration
#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "data/batch.hpp"
#include "data/dataset.hpp"
#include "engine/checkpoint.hpp"

namespace ps::app {

namespace {

namespace en = ps::engine;

struct DebugBad {
    std::string message;
};

template <typename Body>
void debug_guarded(int& exit_code, Body body) {
    try {
        body();
        exit_code = 0;
    } catch (const DebugBad& b) {
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

// 1. init ----------------------------------------------------------------------------------------

struct InitFlags {
    std::string arch = "pixelcnn", output = "bernoulli", out, dataset = "mnist";
    int h = 4, layers = -1, channels = 1, height = 28, width = 28;
    std::uint64_t seed = 1;
};

void run_init(const InitFlags& f) {
    en::ModelConfig cfg;
    cfg.arch = f.arch;
    cfg.h = f.h;
    cfg.layers = f.layers >= 0 ? f.layers : en::canonical_layers(f.arch);
    cfg.channels = f.channels;
    cfg.height = f.height;
    cfg.width = f.width;
    if (!en::parse_output_kind(f.output, cfg.output))
        throw DebugBad{"--output: expected bernoulli or softmax256, got '" + f.output + "'"};
    auto model = en::make_model<float>(cfg, f.seed);
    std::string error;
    if (!en::save_model(f.out, *model, {{"dataset", f.dataset}, {"step", "0"}}, error))
        throw DebugBad{error};
    std::cout << "wrote " << f.out << " (" << cfg.to_json() << ")\n";
}

// 2. grads ---------------------------------------------------------------------------------------

struct GradsFlags {
    std::string checkpoint, data, indices = "0,1,2,3", out, images;
};

// x (B, C, H, W) from tensor "images" of a safetensors file
en::Tensor4<float> images_from_file(const std::string& path, const en::ModelConfig& cfg) {
    en::CheckpointResult r = en::load_safetensors(path);
    if (!r.ok) throw DebugBad{r.error};
    for (const auto& t : r.checkpoint.tensors) {
        if (t.name != "images") continue;
        if (t.shape.size() != 4 || t.shape[1] != std::size_t(cfg.channels) ||
            t.shape[2] != std::size_t(cfg.height) || t.shape[3] != std::size_t(cfg.width))
            throw DebugBad{path + ": tensor images is not (B, " + std::to_string(cfg.channels) +
                           ", " + std::to_string(cfg.height) + ", " + std::to_string(cfg.width) +
                           ")"};
        en::Tensor4<float> x({t.shape[0], t.shape[1], t.shape[2], t.shape[3]});
        std::copy(t.data.begin(), t.data.end(), x.begin());
        return x;
    }
    throw DebugBad{path + ": no tensor named 'images'"};
}

std::vector<int> parse_indices(const std::string& text) {
    std::vector<int> v;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        try {
            std::size_t used = 0;
            const int i = std::stoi(item, &used);
            if (used != item.size() || i < 0) throw std::invalid_argument(item);
            v.push_back(i);
        } catch (const std::exception&) {
            throw DebugBad{"--indices: '" + item + "' is not an image index"};
        }
    }
    if (v.empty()) throw DebugBad{"--indices: no index given"};
    return v;
}

void run_grads(const GradsFlags& f) {
    en::LoadedModel m = en::load_model(f.checkpoint);
    if (!m.ok) throw DebugBad{m.error};
    en::Model<float>& model = *m.model;
    const en::ModelConfig& cfg = model.config();
    std::string data_name = "file:" + f.images;
    std::vector<int> idx;
    en::Tensor4<float> x;
    if (!f.images.empty()) {
        x = images_from_file(f.images, cfg);
        idx.resize(x.shape(0));
    } else {
        auto it = m.metadata.find("dataset");
        data_name = !f.data.empty() ? f.data
                                      : it != m.metadata.end() ? it->second
                                                               : "mnist";
        data::DatasetResult dr = data::load_dataset(data_name);
        if (!dr.ok) throw DebugBad{dr.error};
        const data::Dataset& d = dr.dataset;
        if (d.images.channels != cfg.channels || d.images.rows != cfg.height ||
            d.images.cols != cfg.width)
            throw DebugBad{f.checkpoint + ": model and dataset '" + data_name +
                           "' disagree on the image size"};
        idx = parse_indices(f.indices);
        for (int i : idx)
            if (i >= d.images.count)
                throw DebugBad{"--indices: " + std::to_string(i) + " is past the " +
                               std::to_string(d.images.count) + " images of " + data_name};
        const data::Binarize mode = cfg.output == en::OutputKind::bernoulli ? data::Binarize::threshold
                                                                            : data::Binarize::none;
        x = data::to_tensor(d.images, idx, mode);  // (B, C, H, W)
    }
    auto cache = model.make_cache();
    en::Tensor4<float> logits;
    model.forward(logits, *cache, x);
    std::vector<float> nll(idx.size());
    en::nll_forward(nll.data(), logits, x, cfg.output);
    en::Tensor4<float> dlogits = xt::zeros<float>(logits.shape());
    en::nll_backward(dlogits, logits, x, cfg.output, 1.f);  // d(sum of NLLs)
    en::Gradients<float> grads = model.params().zero_gradients();
    model.backward(grads, nullptr, dlogits, *cache, x);

    en::Checkpoint out;
    out.metadata = {{"checkpoint", f.checkpoint}, {"dataset", data_name},
                    {"indices", f.indices}, {"config", cfg.to_json()}};
    out.tensors.push_back({"nll", {idx.size()}, nll});
    for (int p = 0; p < model.params().size(); ++p) {
        const auto& param = model.params()[p];
        const auto& g = grads[std::size_t(p)];
        out.tensors.push_back({"grad." + param.name, param.shape,
                               std::vector<float>(g.begin(), g.end())});
    }
    std::string error;
    if (!en::save_safetensors(f.out, out, error)) throw DebugBad{error};
    double total = 0;
    for (float v : nll) total += v;
    std::cout << "wrote " << f.out << ": mean NLL " << total / double(nll.size()) << " nats over "
              << nll.size() << " images, " << model.params().size() << " gradients\n";
}

}  // namespace

// 3. registration --------------------------------------------------------------------------------

void add_debug_commands(CLI::App& app, int& exit_code) {
    CLI::App* debug = app.add_subcommand("debug", "Debugging commands for cross-checks");
    debug->group("");  // hidden from --help
    debug->require_subcommand(1);

    auto inf = std::make_shared<InitFlags>();
    CLI::App* init = debug->add_subcommand("init", "Write a checkpoint of a freshly initialised model");
    init->add_option("--arch", inf->arch, "Architecture");
    init->add_option("--h", inf->h, "Hidden features")->check(CLI::Range(1, 1024));
    init->add_option("--layers", inf->layers, "Layers (default canonical)")->check(CLI::Range(0, 256));
    init->add_option("--channels", inf->channels, "Image channels 1 or 3")->check(CLI::Range(1, 3));
    init->add_option("--height", inf->height, "Image height")->check(CLI::Range(1, 1024));
    init->add_option("--width", inf->width, "Image width")->check(CLI::Range(1, 1024));
    init->add_option("--output", inf->output, "bernoulli | softmax256");
    init->add_option("--dataset", inf->dataset, "Dataset name stored in the metadata");
    init->add_option("--seed", inf->seed, "Init seed");
    init->add_option("--out", inf->out, "Checkpoint to write")->required();
    init->callback([inf, &exit_code] { debug_guarded(exit_code, [&] { run_init(*inf); }); });

    auto gf = std::make_shared<GradsFlags>();
    CLI::App* grads = debug->add_subcommand("grads", "Dump NLL and parameter gradients");
    grads->add_option("checkpoint", gf->checkpoint, "A .safetensors checkpoint")->required();
    grads->add_option("--data", gf->data, "Dataset (default: the checkpoint's)");
    grads->add_option("--indices", gf->indices, "Comma-separated image indices");
    grads->add_option("--images", gf->images, "safetensors file with tensor 'images' instead");
    grads->add_option("--out", gf->out, "safetensors file to write")->required();
    grads->callback([gf, &exit_code] { debug_guarded(exit_code, [&] { run_grads(*gf); }); });
}

}  // namespace ps::app
