#include "engine/model.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <nlohmann/json.hpp>

#include "engine/diag_bilstm.hpp"
#include "engine/gated_pixelcnn.hpp"
#include "engine/pixelcnn.hpp"
#include "engine/row_lstm.hpp"

namespace ps::engine {

// --- config --------------------------------------------------------------------------------------

std::string ModelConfig::to_json() const {
    nlohmann::json j;
    j["arch"] = arch;
    j["h"] = h;
    j["layers"] = layers;
    j["channels"] = channels;
    j["height"] = height;
    j["width"] = width;
    j["output"] = to_string(output);
    return j.dump();
}

ModelConfig ModelConfig::from_json(const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw EngineError("model config is not a JSON object: '" + text.substr(0, 80) + "'");
    ModelConfig c;
    auto get_int = [&](const char* key, int& out) {
        if (!j.contains(key) || !j[key].is_number_integer())
            throw EngineError(std::string("model config: '") + key + "' missing or not an integer");
        const long long v = j[key].get<long long>();
        if (v < 0 || v > 1000000)
            throw EngineError(std::string("model config: '") + key + "' = " + std::to_string(v) +
                              " is out of range");
        out = int(v);
    };
    if (!j.contains("arch") || !j["arch"].is_string())
        throw EngineError("model config: 'arch' missing or not a string");
    c.arch = j["arch"].get<std::string>();
    get_int("h", c.h);
    get_int("layers", c.layers);
    get_int("channels", c.channels);
    get_int("height", c.height);
    get_int("width", c.width);
    if (!j.contains("output") || !j["output"].is_string() ||
        !parse_output_kind(j["output"].get<std::string>(), c.output))
        throw EngineError("model config: 'output' must be \"bernoulli\" or \"softmax256\"");
    c.validate();
    return c;
}

void ModelConfig::validate() const {
    bool known = false;
    for (const auto& a : arch_names()) known = known || a == arch;
    if (!known) throw EngineError("model config: unknown arch '" + arch + "'");
    auto range = [](const char* what, int v, int lo, int hi) {
        if (v < lo || v > hi)
            throw EngineError(std::string("model config: ") + what + " = " + std::to_string(v) +
                              " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    };
    range("h", h, 1, 1024);
    range("layers", layers, 0, 256);
    if (channels != 1 && channels != 3)
        throw EngineError("model config: channels = " + std::to_string(channels) +
                          " (must be 1 or 3)");
    range("height", height, 1, 4096);
    range("width", width, 1, 4096);
}

const std::vector<std::string>& arch_names() {
    static const std::vector<std::string> names{"pixelcnn", "rowlstm", "diagbilstm",
                                                 "gated"};
    return names;
}

int canonical_layers(const std::string& arch) {
    if (arch == "pixelcnn") return 5;
    if (arch == "rowlstm") return 2;
    if (arch == "diagbilstm") return 2;
    if (arch == "gated") return 5;
    throw EngineError("canonical_layers: unknown arch '" + arch + "'");
}

// --- model ---------------------------------------------------------------------------------------

template <typename T>
void Model<T>::check_input(const Tensor4<T>& x) const {
    if (x.shape(1) != std::size_t(m_config.channels) ||
        x.shape(2) != std::size_t(m_config.height) || x.shape(3) != std::size_t(m_config.width))
        throw EngineError(m_config.arch + ": input " + shape_string(x.shape()) +
                          " does not match (B, " + std::to_string(m_config.channels) + ", " +
                          std::to_string(m_config.height) + ", " +
                          std::to_string(m_config.width) + ")");
}

template <typename T>
std::unique_ptr<Model<T>> make_model(const ModelConfig& config, std::uint64_t seed) {
    config.validate();
    std::unique_ptr<Model<T>> m;
    if (config.arch == "pixelcnn") m = std::make_unique<PixelCnn<T>>(config);
    if (config.arch == "rowlstm") m = std::make_unique<RowLstm<T>>(config);
    if (config.arch == "diagbilstm") m = std::make_unique<DiagBiLstm<T>>(config);
    if (config.arch == "gated") m = std::make_unique<GatedPixelCnn<T>>(config);
    if (!m) throw EngineError("make_model: unknown arch '" + config.arch + "'");
    init_params(m->params(), seed);
    return m;
}

template <typename T>
void init_params(ParamList<T>& params, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (int k = 0; k < params.size(); ++k) {
        Param<T>& p = params[k];
        // fan_in from the weight: this param if it is one, else "<layer>.weight" for a bias
        const Param<T>* w = &p;
        const std::string suffix = ".bias";
        if (p.name.size() > suffix.size() &&
            p.name.compare(p.name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            const int wi = params.find(p.name.substr(0, p.name.size() - suffix.size()) + ".weight");
            if (wi >= 0) w = &params[wi];
        }
        // weights: He-uniform over the taps the mask keeps, U(-sqrt(6/n), sqrt(6/n)) with n the
        // mean number of kept inputs per output feature; biases: U(-1/sqrt(f), 1/sqrt(f)) with f
        // the weight's full fan-in (PyTorch's bias default)
        std::size_t fan_in = 1;
        for (std::size_t d = 1; d < w->shape.size(); ++d) fan_in *= w->shape[d];
        double bound = 1.0 / std::sqrt(double(fan_in));
        if (w == &p) {
            double kept = 0;
            for (std::size_t i = 0; i < p.size(); ++i) kept += double(p.mask[i]);
            kept /= double(std::max<std::size_t>(1, p.shape[0]));
            bound = std::sqrt(6.0 / std::max(1.0, kept));
        }
        std::uniform_real_distribution<double> u(-bound, bound);
        for (std::size_t i = 0; i < p.size(); ++i) {
            const T v = T(u(rng));  // drawn for every entry, so the stream does not depend on the mask
            p.value[i] = p.mask[i] != T(0) ? v : T(0);
        }
        std::fill(p.grad.begin(), p.grad.end(), T(0));
    }
}

template <typename T>
void init_output_bias(Model<T>& model, const Tensor4<T>& images) {
    const ModelConfig& cfg = model.config();
    const int k = model.params().find("head.1.bias");
    if (k < 0) throw EngineError(cfg.arch + ": init_output_bias needs a param head.1.bias");
    if (images.shape(1) != std::size_t(cfg.channels))
        throw EngineError("init_output_bias: images " + shape_string(images.shape()) + " for C = " +
                          std::to_string(cfg.channels));
    Param<T>& bias = model.params()[k];
    const int V = cfg.output == OutputKind::bernoulli ? 2 : 256;
    const std::size_t HW = images.shape(2) * images.shape(3);
    for (int c = 0; c < cfg.channels; ++c) {
        std::vector<double> count(std::size_t(V), 1.0);  // one pseudo-count per value
        for (std::size_t b = 0; b < images.shape(0); ++b) {
            const T* px = images.data() + (b * images.shape(1) + std::size_t(c)) * HW;
            for (std::size_t p = 0; p < HW; ++p)
                count[std::size_t(std::clamp(int(std::lround(double(px[p]))), 0, V - 1))] += 1.0;
        }
        double total = 0;
        for (double n : count) total += n;
        if (cfg.output == OutputKind::bernoulli) {
            bias.value[std::size_t(c)] = T(std::log(count[1] / count[0]));
        } else {
            for (int v = 0; v < 256; ++v)
                bias.value[std::size_t(256 * c + v)] = T(std::log(count[std::size_t(v)] / total));
        }
    }
}

template <typename T>
void MaskedConv<T>::add(ParamList<T>& params, const std::string& name, int in, int out, int kh,
                        int kw, MaskType type, const std::vector<int>& out_groups,
                        const std::vector<int>& in_groups) {
    const Tensor4<T> mask = build_mask<T>(out, in, kh, kw, type, out_groups, in_groups);
    weight = params.add(name + ".weight", {std::size_t(out), std::size_t(in), std::size_t(kh),
                                           std::size_t(kw)});
    bias = params.add(name + ".bias", {std::size_t(out)});
    std::copy(mask.begin(), mask.end(), params[weight].mask.begin());
    shape.in = in, shape.out = out, shape.kh = kh, shape.kw = kw;
    taps = kept_taps(mask);
}

template class Model<float>;
template class Model<double>;
template struct MaskedConv<float>;
template struct MaskedConv<double>;
template std::unique_ptr<Model<float>> make_model<float>(const ModelConfig&, std::uint64_t);
template std::unique_ptr<Model<double>> make_model<double>(const ModelConfig&, std::uint64_t);
template void init_params<float>(ParamList<float>&, std::uint64_t);
template void init_params<double>(ParamList<double>&, std::uint64_t);
template void init_output_bias<float>(Model<float>&, const Tensor4<float>&);
template void init_output_bias<double>(Model<double>&, const Tensor4<double>&);

}  // namespace ps::engine
