#include "engine/pixelcnn.hpp"

namespace ps::engine {

namespace {

template <typename T>
struct PixelCnnCache final : ModelCache {
    int B = 0;
    std::vector<T> u;                   // (B, C, H, W) scaled input
    std::vector<T> z;                   // (B, 2h, H, W) residual stream (forward only)
    std::vector<T> pre;                 // (B, 2h, H, W) a pre-activation, reused
    std::vector<std::vector<T>> r1;     // per block (B, 2h, H, W)
    std::vector<std::vector<T>> r2, r3; // per block (B, h, H, W)
    std::vector<T> r4, r5;              // (B, 2h, H, W)
    std::vector<T> dz, dr_wide, dr_narrow, dr_narrow2;  // backward buffers
    std::vector<T> scratch;             // conv scratch
};

template <typename T>
void zero(std::vector<T>& v) {
    std::fill(v.begin(), v.end(), T(0));
}

}  // namespace

template <typename T>
PixelCnn<T>::PixelCnn(const ModelConfig& config) : Model<T>(config) {
    const int C = config.channels, h = config.h, K = config.logits();
    const auto g_in = contiguous_groups(C, C), g2h = contiguous_groups(2 * h, C),
               gh = contiguous_groups(h, C), gK = contiguous_groups(K, C);
    ParamList<T>& p = this->m_params;
    m_input.add(p, "input", C, 2 * h, 7, 7, MaskType::A, g2h, g_in);
    m_blocks.resize(std::size_t(config.layers));
    for (int l = 0; l < config.layers; ++l) {
        const std::string b = "blocks." + std::to_string(l);
        Block& blk = m_blocks[std::size_t(l)];
        blk.reduce.add(p, b + ".reduce", 2 * h, h, 1, 1, MaskType::B, gh, g2h);
        blk.conv.add(p, b + ".conv", h, h, 3, 3, MaskType::B, gh, gh);
        blk.expand.add(p, b + ".expand", h, 2 * h, 1, 1, MaskType::B, g2h, gh);
    }
    m_head0.add(p, "head.0", 2 * h, 2 * h, 1, 1, MaskType::B, g2h, g2h);
    m_head1.add(p, "head.1", 2 * h, K, 1, 1, MaskType::B, gK, g2h);
}

template <typename T>
std::unique_ptr<ModelCache> PixelCnn<T>::make_cache() const {
    return std::make_unique<PixelCnnCache<T>>();
}

template <typename T>
void PixelCnn<T>::forward(Tensor4<T>& logits, ModelCache& cache_base, const Tensor4<T>& x) const {
    this->check_input(x);
    auto& c = dynamic_cast<PixelCnnCache<T>&>(cache_base);
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h;
    const std::size_t HW = std::size_t(H) * W, n2h = std::size_t(B) * 2 * h * HW,
                      nh = std::size_t(B) * h * HW;
    c.B = B;
    c.u.resize(x.size());
    c.z.resize(n2h);
    c.pre.resize(n2h);
    c.r1.resize(m_blocks.size());
    c.r2.resize(m_blocks.size());
    c.r3.resize(m_blocks.size());
    c.r4.resize(n2h);
    c.r5.resize(n2h);
    logits.resize({std::size_t(B), std::size_t(cfg.logits()), std::size_t(H), std::size_t(W)});

    const T s = cfg.output == OutputKind::bernoulli ? T(1) : T(1) / T(255);
    for (std::size_t k = 0; k < x.size(); ++k) c.u[k] = x.data()[k] * s;
    m_input.forward(c.z.data(), c.scratch, c.u.data(), p, B, H, W);  // (1)
    for (std::size_t l = 0; l < m_blocks.size(); ++l) {
        const Block& blk = m_blocks[l];
        c.r1[l].resize(n2h);
        c.r2[l].resize(nh);
        c.r3[l].resize(nh);
        relu_forward(c.r1[l].data(), c.z.data(), n2h);                        // (2)
        blk.reduce.forward(c.pre.data(), c.scratch, c.r1[l].data(), p, B, H, W);  // (3)
        relu_forward(c.r2[l].data(), c.pre.data(), nh);
        blk.conv.forward(c.pre.data(), c.scratch, c.r2[l].data(), p, B, H, W);  // (4)
        relu_forward(c.r3[l].data(), c.pre.data(), nh);
        blk.expand.forward(c.pre.data(), c.scratch, c.r3[l].data(), p, B, H, W);  // (5)
        for (std::size_t k = 0; k < n2h; ++k) c.z[k] += c.pre[k];
    }
    relu_forward(c.r4.data(), c.z.data(), n2h);                           // (6)
    m_head0.forward(c.pre.data(), c.scratch, c.r4.data(), p, B, H, W);    // (7)
    relu_forward(c.r5.data(), c.pre.data(), n2h);
    m_head1.forward(logits.data(), c.scratch, c.r5.data(), p, B, H, W);  // (8)
}

template <typename T>
void PixelCnn<T>::backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                           ModelCache& cache_base, const Tensor4<T>& x) const {
    this->check_input(x);
    auto& c = dynamic_cast<PixelCnnCache<T>&>(cache_base);
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h;
    if (c.B != B || dlogits.shape(0) != std::size_t(B))
        throw EngineError("pixelcnn backward: cache holds a forward of batch " +
                          std::to_string(c.B) + ", dlogits is " + shape_string(dlogits.shape()));
    const std::size_t HW = std::size_t(H) * W, n2h = std::size_t(B) * 2 * h * HW,
                      nh = std::size_t(B) * h * HW;
    c.dz.assign(n2h, T(0));  // dL/dz, the residual stream's gradient
    c.dr_wide.assign(n2h, T(0));
    c.pre.assign(n2h, T(0));  // reused as d(pre-activation)

    // (8) logits = head.1(r5)
    m_head1.backward(c.dr_wide.data(), dparams, c.scratch, dlogits.data(), c.r5.data(), p, B, H,
                     W);
    // (7) r5 = relu(head.0(r4))   so: dpre += dr5 * [r5 > 0]; dr4 += head.0^T dpre
    relu_backward(c.pre.data(), c.dr_wide.data(), c.r5.data(), n2h);
    zero(c.dr_wide);
    m_head0.backward(c.dr_wide.data(), dparams, c.scratch, c.pre.data(), c.r4.data(), p, B, H, W);
    // (6) r4 = relu(z_L)   so: dz += dr4 * [r4 > 0]
    relu_backward(c.dz.data(), c.dr_wide.data(), c.r4.data(), n2h);

    c.dr_narrow.resize(nh);
    c.dr_narrow2.resize(nh);
    for (std::size_t l = m_blocks.size(); l-- > 0;) {
        const Block& blk = m_blocks[l];
        // (5) z_{l+1} = z_l + expand(r3)   so: dz_l = dz_{l+1} (kept in dz), dexpand_out = dz
        zero(c.dr_narrow);
        blk.expand.backward(c.dr_narrow.data(), dparams, c.scratch, c.dz.data(), c.r3[l].data(),
                            p, B, H, W);
        // (4) r3 = relu(conv(r2))   so: dpre = dr3 * [r3 > 0]; dr2 += conv^T dpre
        zero(c.dr_narrow2);
        relu_backward(c.dr_narrow2.data(), c.dr_narrow.data(), c.r3[l].data(), nh);
        zero(c.dr_narrow);
        blk.conv.backward(c.dr_narrow.data(), dparams, c.scratch, c.dr_narrow2.data(),
                          c.r2[l].data(), p, B, H, W);
        // (3) r2 = relu(reduce(r1))   so: dpre = dr2 * [r2 > 0]; dr1 += reduce^T dpre
        zero(c.dr_narrow2);
        relu_backward(c.dr_narrow2.data(), c.dr_narrow.data(), c.r2[l].data(), nh);
        zero(c.dr_wide);
        blk.reduce.backward(c.dr_wide.data(), dparams, c.scratch, c.dr_narrow2.data(),
                            c.r1[l].data(), p, B, H, W);
        // (2) r1 = relu(z_l)   so: dz += dr1 * [r1 > 0]
        relu_backward(c.dz.data(), c.dr_wide.data(), c.r1[l].data(), n2h);
    }
    // (1) z_0 = input(u), u = x * s   so: dx += s * input^T dz
    std::vector<T> du;
    if (dx) du.assign(x.size(), T(0));
    m_input.backward(dx ? du.data() : nullptr, dparams, c.scratch, c.dz.data(), c.u.data(), p, B,
                     H, W);
    if (dx) {
        if (dx->shape() != x.shape()) dx->resize(x.shape());
        const T s = cfg.output == OutputKind::bernoulli ? T(1) : T(1) / T(255);
        for (std::size_t k = 0; k < x.size(); ++k) dx->data()[k] += s * du[k];
    }
}

template class PixelCnn<float>;
template class PixelCnn<double>;

}  // namespace ps::engine
