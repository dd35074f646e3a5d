// Sections: 1. the textbook masked stack as an engine Model   2. which specs the engine can show
//           3. equation (1)
#include "viz/gradient_field.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "engine/mask.hpp"

namespace ps::viz {

// ---------------------------------------------------------------------------------------------
// 1. The textbook masked stack: L masked k x k convolutions, mask A first, tanh between them.
//
//   a_1 = conv_A(x)                          C -> h   (B, h, H, W)
//   z_l = tanh(a_l),  a_{l+1} = conv_B(z_l)  h -> h
//   logits = a_L                              h -> C   (the last conv has C outputs)
//
// tanh rather than ReLU: no unit is ever exactly off, so one input already shows the support.
namespace {

class MaskedStack : public engine::Model<float> {
public:
    MaskedStack(const engine::ModelConfig& config, int kernel) : engine::Model<float>(config) {
        const int C = config.channels, h = config.h, L = config.layers;
        const auto g_c = engine::contiguous_groups(C, C), g_h = engine::contiguous_groups(h, C);
        m_convs.resize(static_cast<size_t>(L));
        for (int l = 0; l < L; ++l) {
            const int in = l == 0 ? C : h, out = l == L - 1 ? C : h;
            m_convs[static_cast<size_t>(l)].add(m_params, "convs." + std::to_string(l), in, out,
                                                kernel, kernel,
                                                l == 0 ? engine::MaskType::A : engine::MaskType::B,
                                                l == L - 1 ? g_c : g_h, l == 0 ? g_c : g_h);
        }
    }

    struct Cache : engine::ModelCache {
        std::vector<std::vector<float>> z;  // z_l for l = 1..L-1, (B, h, H, W) each
        std::vector<float> scratch, dz, da;
    };

    std::unique_ptr<engine::ModelCache> make_cache() const override {
        return std::make_unique<Cache>();
    }

    void forward(engine::Tensor4<float>& logits, engine::ModelCache& cache_base,
                 const engine::Tensor4<float>& x) const override {
        check_input(x);
        auto& cache = static_cast<Cache&>(cache_base);
        const int B = int(x.shape(0)), C = m_config.channels, H = m_config.height,
                  W = m_config.width, h = m_config.h, L = m_config.layers;
        logits = engine::Tensor4<float>::from_shape({size_t(B), size_t(C), size_t(H), size_t(W)});
        cache.z.assign(static_cast<size_t>(std::max(0, L - 1)),
                       std::vector<float>(size_t(B) * h * H * W));
        const float* inp = x.data();
        for (int l = 0; l < L; ++l) {
            float* out = l == L - 1 ? logits.data() : cache.z[size_t(l)].data();
            m_convs[size_t(l)].forward(out, cache.scratch, inp, m_params, B, H, W);
            if (l < L - 1) {
                for (float& v : cache.z[size_t(l)]) v = std::tanh(v);
                inp = cache.z[size_t(l)].data();
            }
        }
    }

    void backward(engine::Gradients<float>& dparams, engine::Tensor4<float>* dx,
                  const engine::Tensor4<float>& dlogits, engine::ModelCache& cache_base,
                  const engine::Tensor4<float>& x) const override {
        auto& cache = static_cast<Cache&>(cache_base);
        const int B = int(x.shape(0)), H = m_config.height, W = m_config.width, h = m_config.h,
                  L = m_config.layers;
        const size_t n = size_t(B) * h * H * W;
        // da holds d/d a_l for the conv being differentiated; it starts as dlogits.
        cache.da.assign(dlogits.begin(), dlogits.end());
        for (int l = L - 1; l >= 0; --l) {
            const float* inp = l == 0 ? x.data() : cache.z[size_t(l - 1)].data();
            float* dinp = nullptr;
            if (l > 0) {
                cache.dz.assign(n, 0.f);
                dinp = cache.dz.data();
            } else if (dx) {
                dinp = dx->data();
            }
            m_convs[size_t(l)].backward(dinp, dparams, cache.scratch, cache.da.data(), inp,
                                        m_params, B, H, W);
            if (l > 0) {
                // forward was: z = tanh(a)   so: da = dz * (1 - z^2)
                const std::vector<float>& z = cache.z[size_t(l - 1)];
                cache.da.resize(n);
                for (size_t i = 0; i < n; ++i) cache.da[i] = cache.dz[i] * (1.f - z[i] * z[i]);
            }
        }
    }

private:
    std::vector<engine::MaskedConv<float>> m_convs;
};

bool engine_has(const std::string& arch) {
    const auto& names = engine::arch_names();
    return std::find(names.begin(), names.end(), arch) != names.end();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 2. Which specs the engine can show
bool gradient_supported(const ArchSpec& spec, std::string& why) {
    why.clear();
    if (spec.arch == Arch::MaskedStack) return true;
    const std::string name = arch_name(spec.arch);
    if (!engine_has(name)) {
        why = std::string("The engine has no ") + arch_title(spec.arch) +
              " model yet, so only the analytic field can be shown.";
        return false;
    }
    if (spec.input_kernel != 7) {
        why =
            "The engine's models use a 7\u00d77 input layer; set the input kernel to 7 to "
            "compare with the gradient.";
        return false;
    }
    if ((spec.arch == Arch::PixelCnn || spec.arch == Arch::Gated) && spec.kernel != 3) {
        why = std::string("The engine's ") + arch_title(spec.arch) +
              " uses 3\u00d73 layers; set the kernel to 3 to compare with the gradient.";
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// 3. Equation (1)
std::vector<float> GradientField::per_pixel() const {
    std::vector<float> out(static_cast<size_t>(height * width), 0.f);
    for (size_t i = 0; i < out.size(); ++i)
        for (int k = 0; k < channels; ++k) out[i] += magnitudes[i * size_t(channels) + size_t(k)];
    return out;
}

GradientField gradient_field(const engine::Model<float>& model, int row, int col, int channel,
                             int samples, std::uint64_t seed) {
    const engine::ModelConfig& cfg = model.config();
    const int C = cfg.channels, H = cfg.height, W = cfg.width;
    if (row < 0 || row >= H || col < 0 || col >= W || channel < 0 || channel >= C)
        throw std::invalid_argument("gradient_field: target (" + std::to_string(row) + ", " +
                                    std::to_string(col) + ", channel " + std::to_string(channel) +
                                    ") is outside the " + std::to_string(H) + "x" +
                                    std::to_string(W) + "x" + std::to_string(C) + " image");
    if (samples < 1 || samples > 64)
        throw std::invalid_argument("gradient_field: samples must be in 1..64, got " +
                                    std::to_string(samples));
    const bool bernoulli = cfg.output == engine::OutputKind::bernoulli;
    const int S = samples;

    // x_1..x_S: random binary images (0/1), or random grey levels for a softmax256 model.
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ull);
    auto x = engine::Tensor4<float>::from_shape({size_t(S), size_t(C), size_t(H), size_t(W)});
    std::uniform_int_distribution<int> level(0, bernoulli ? 1 : 255);
    for (float& v : x) v = float(level(rng));

    auto cache = model.make_cache();
    engine::Tensor4<float> logits;
    model.forward(logits, *cache, x);  // (S, K, H, W)
    const int K = int(logits.shape(1)), per_channel = K / C;

    // d logit_p: one-hot at p in every sample (a softmax256 model: all 256 logits of channel ch).
    engine::Tensor4<float> dlogits = xt::zeros<float>(logits.shape());
    for (int s = 0; s < S; ++s)
        for (int j = 0; j < per_channel; ++j) dlogits(s, channel * per_channel + j, row, col) = 1.f;
    engine::Tensor4<float> dx = xt::zeros<float>(x.shape());  // (S, C, H, W)
    engine::Gradients<float> dparams = model.params().zero_gradients();
    model.backward(dparams, &dx, dlogits, *cache, x);

    GradientField g;
    g.height = H;
    g.width = W;
    g.channels = C;
    g.row = row;
    g.col = col;
    g.channel = channel;
    g.samples = S;
    g.network = "engine " + cfg.arch + " (h " + std::to_string(cfg.h) + ", L " +
                std::to_string(cfg.layers) + ")";
    g.magnitudes.assign(size_t(H) * W * C, 0.f);
    for (int s = 0; s < S; ++s)
        for (int k = 0; k < C; ++k)
            for (int r = 0; r < H; ++r)
                for (int c = 0; c < W; ++c)
                    g.magnitudes[size_t((r * W + c) * C + k)] += std::fabs(dx(s, k, r, c));
    return g;
}

GradientField gradient_field(const GradientFieldRequest& q) {
    validate(q.spec);
    std::string why;
    if (!gradient_supported(q.spec, why)) throw std::invalid_argument(why);
    const int L = q.layers_shown < 0 ? q.spec.layers : std::min(q.layers_shown, q.spec.layers);

    engine::ModelConfig cfg;
    cfg.arch = q.spec.arch == Arch::MaskedStack ? "masked_stack" : arch_name(q.spec.arch);
    cfg.h = q.hidden;
    cfg.layers = L;
    cfg.channels = q.spec.channels;
    cfg.height = q.height;
    cfg.width = q.width;
    cfg.output = engine::OutputKind::bernoulli;

    if (q.spec.arch == Arch::MaskedStack) {
        if (L == 0) {  // no convolution applied yet: the output depends on nothing
            if (q.row < 0 || q.row >= q.height || q.col < 0 || q.col >= q.width)
                throw std::invalid_argument("gradient_field: target outside the image");
            GradientField g;
            g.height = q.height;
            g.width = q.width;
            g.channels = q.spec.channels;
            g.row = q.row;
            g.col = q.col;
            g.channel = q.channel;
            g.samples = q.samples;
            g.network = "no convolution";
            g.magnitudes.assign(size_t(q.height) * q.width * q.spec.channels, 0.f);
            return g;
        }
        MaskedStack stack(cfg, q.spec.kernel);
        engine::init_params(stack.params(), q.seed);
        GradientField g = gradient_field(stack, q.row, q.col, q.channel, q.samples, q.seed);
        g.network = "masked stack of " + std::to_string(L) + " engine conv layers (h " +
                    std::to_string(q.hidden) + ")";
        return g;
    }
    auto model = engine::make_model<float>(cfg, q.seed);
    return gradient_field(*model, q.row, q.col, q.channel, q.samples, q.seed);
}

ReceptiveField support_field(const GradientField& g, int layers_shown) {
    std::vector<bool> support(g.magnitudes.size());
    for (size_t i = 0; i < support.size(); ++i) support[i] = g.magnitudes[i] > 0.f;
    return field_from_support(g.height, g.width, g.channels, g.row, g.col, g.channel, layers_shown,
                              support);
}

std::string agreement_text(const GradientField& g, int disagreements) {
    const int pairs = g.height * g.width * g.channels;
    const std::string source = "the engine's gradient (" + g.network + ", " +
                               std::to_string(g.samples) + " random inputs)";
    if (disagreements == 0)
        return "Agree: " + source + " and the analytic field have the same support: 0 of " +
               std::to_string(pairs) + " (pixel, channel) pairs differ.";
    return "Disagree: " + source + " and the analytic field differ in " +
           std::to_string(disagreements) + " of " + std::to_string(pairs) +
           " (pixel, channel) pairs.";
}

std::vector<LegendEntry> gradient_legend() {
    return {{palette().self, "predicted pixel"},
            {palette().future, "exactly 0: not in the field (blind spot or future)"}};
}

std::string gradient_scale_caption() {
    return "\u03a3 |\u2202 logit_p / \u2202 x| over the inputs, log scale (grey: exactly 0)";
}

}  // namespace ps::viz
