// What every architecture is to the rest of the program: a config, named params, a forward to
// logits and a backward to gradients. PixelCNN (pixelcnn.hpp) is the first; Row LSTM, Diagonal
// BiLSTM and Gated PixelCNN implement the same interface and are added to make_model().
//
// Templated on the scalar: float trains; double runs the central-difference gradient checks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/conv.hpp"
#include "engine/loss.hpp"
#include "engine/mask.hpp"
#include "engine/param.hpp"

namespace ps::engine {

// Stored in the checkpoint's __metadata__.config as JSON:
//   {"arch":"pixelcnn","h":16,"layers":5,"channels":1,"height":28,"width":28,"output":"bernoulli"}
struct ModelConfig {
    std::string arch = "pixelcnn";  // one of arch_names()
    int h = 16;                     // hidden features (2h between blocks)
    int layers = 5;                 // L
    int channels = 1;               // C: 1 or 3
    int height = 28, width = 28;    // H, W
    OutputKind output = OutputKind::bernoulli;

    int logits() const { return logits_per_pixel(output, channels); }  // K
    std::string to_json() const;
    // Throws EngineError naming the bad field.
    static ModelConfig from_json(const std::string& text);
    void validate() const;  // throws EngineError for h, L, C, H, W out of range or unknown arch
};

const std::vector<std::string>& arch_names();  // {"pixelcnn", ...}
int canonical_layers(const std::string& arch);  // DESIGN.md §2: pixelcnn 5

// Per-forward activations a model keeps for its backward; one per thread.
struct ModelCache {
    virtual ~ModelCache() = default;
};

// The cached sampler's memory (sampler.hpp, cached_conv.hpp): every layer's activations at the
// pixels computed so far, for one batch of images, and the weights packed for one pixel at a time.
struct PixelState {
    virtual ~PixelState() = default;
};

template <typename T>
class Model {
public:
    explicit Model(ModelConfig config) : m_config(std::move(config)) {}
    virtual ~Model() = default;
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const ModelConfig& config() const { return m_config; }
    ParamList<T>& params() { return m_params; }
    const ParamList<T>& params() const { return m_params; }

    virtual std::unique_ptr<ModelCache> make_cache() const = 0;

    // logits (B, K, H, W) from x (B, C, H, W) as the data gives it: 0/1 (bernoulli) or 0..255
    // (softmax256). Resizes logits. Throws EngineError for an x of the wrong shape.
    virtual void forward(Tensor4<T>& logits, ModelCache& cache, const Tensor4<T>& x) const = 0;

    // dparams += dL/dparams and, if dx is given, dx += dL/dx (B, C, H, W), from dlogits
    // (B, K, H, W) and the cache of the forward on this same x.
    virtual void backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                          ModelCache& cache, const Tensor4<T>& x) const = 0;

    // Incremental forward for cached sampling. make_pixel_state(B) returns nullptr when the
    // architecture has none; the state copies the weights as they are now. forward_pixel writes
    // logits (B, K) equal (up to rounding) to forward(x)'s logits(:, :, r, c), computing every
    // layer at (r, c) once from x and the activations of earlier pixels kept in the state. Call it
    // in raster order: every pixel before (r, c) must have been computed since the state was made;
    // computing (r, c) again is fine (C = 3 does it once per channel, as x(r, c) fills up).
    virtual std::unique_ptr<PixelState> make_pixel_state(int B) const {
        (void)B;
        return nullptr;
    }
    virtual void forward_pixel(T* logits, PixelState& state, const Tensor4<T>& x, int r,
                               int c) const {
        (void)logits, (void)state, (void)x;
        throw EngineError(m_config.arch + ": no incremental forward for pixel (" +
                          std::to_string(r) + ", " + std::to_string(c) + ")");
    }

protected:
    void check_input(const Tensor4<T>& x) const;

    ModelConfig m_config;
    ParamList<T> m_params;
};

// A new model with params from init_params(seed). Throws EngineError for a bad config.
template <typename T>
std::unique_ptr<Model<T>> make_model(const ModelConfig& config, std::uint64_t seed);

// He-uniform init for ReLU networks, counting only the taps the mask keeps: a weight of a layer
// whose output features keep n inputs on average is drawn from U(-sqrt(6/n), sqrt(6/n)); a bias
// from U(-1/sqrt(f), 1/sqrt(f)), f = in * kh * kw (PyTorch's bias default). Draws come from
// std::mt19937_64(seed) in param order; then value *= mask. (PyTorch's default weight init,
// kaiming_uniform with a = sqrt(5), is 1/sqrt(3) of this over the full kernel: measured on the
// canonical 60 s MNIST run it trains about 2 nats slower.)
template <typename T>
void init_params(ParamList<T>& params, std::uint64_t seed);

// Data-dependent init of the logits' bias, "head.1.bias" (every architecture's last layer): the
// log-odds (bernoulli: bias[c] = log(p_c / (1 - p_c))) or log-frequencies (softmax256:
// bias[256c + v] = log f_c(v)) of the pixels of `images` (N, C, H, W), with one pseudo-count per
// value. The first steps then need not spend their gradients learning the marginal: on the
// canonical MNIST run this is 0.7 nats better after 2000 steps. Throws EngineError on a shape
// mismatch or a model without head.1.bias.
template <typename T>
void init_output_bias(Model<T>& model, const Tensor4<T>& images);

// ---------------------------------------------------------------------------------------------
// MaskedConv: the conv layer of conv.hpp bound to its two params ("<name>.weight" (out, in, kh,
// kw) with its mask, "<name>.bias" (out)). Used by every architecture.

template <typename T>
struct MaskedConv {
    int weight = -1, bias = -1;  // param indices
    ConvShape shape;             // B, H, W filled per call
    ConvTaps taps;

    void add(ParamList<T>& params, const std::string& name, int in, int out, int kh, int kw,
             MaskType type, const std::vector<int>& out_groups,
             const std::vector<int>& in_groups);

    ConvShape with(int B, int H, int W) const {
        ConvShape s = shape;
        s.B = B, s.H = H, s.W = W;
        return s;
    }

    // out (B, out, H, W) = conv(inp (B, in, H, W)), or out += conv(inp) with accumulate
    void forward(T* out, std::vector<T>& scratch, const T* inp, const ParamList<T>& params, int B,
                 int H, int W, bool accumulate = false) const {
        conv2d_forward(out, scratch, inp, params[weight].value.data(), params[bias].value.data(),
                       taps, with(B, H, W), accumulate);
    }
    // out (B, out, H, W) = relu(conv(inp)); pre (B, out, H, W) is scratch. The bias is added in
    // the ReLU's pass instead of filling pre before the GEMM: one pass over the output less.
    void forward_relu(T* out, T* pre, std::vector<T>& scratch, const T* inp,
                      const ParamList<T>& params, int B, int H, int W) const {
        const T* no_bias = nullptr;
        conv2d_forward(pre, scratch, inp, params[weight].value.data(), no_bias, taps,
                       with(B, H, W));
        bias_relu_forward(out, pre, params[bias].value.data(), B, shape.out,
                          std::size_t(H) * std::size_t(W));
    }
    // dinp (may be nullptr) += ... (or = ... with overwrite_dinp), dparams[weight], [bias] += ...
    void backward(T* dinp, Gradients<T>& dparams, std::vector<T>& scratch, const T* dout,
                  const T* inp, const ParamList<T>& params, int B, int H, int W,
                  bool overwrite_dinp = false) const {
        conv2d_backward(dinp, dparams[std::size_t(weight)].data(),
                        dparams[std::size_t(bias)].data(), scratch, dout, inp,
                        params[weight].value.data(), params[weight].mask.data(), taps,
                        with(B, H, W), overwrite_dinp);
    }
};

}  // namespace ps::engine
