#include "engine/pixelcnn.hpp"

namespace ps::engine {

namespace {

template <typename T>
struct PixelCnnCache final : ModelCache {
    int B = 0;
    std::vector<T> u;                   // (B, C, H, W) scaled input
    std::vector<T> z;                   // (2h, H, W) one image's residual stream (forward only)
    std::vector<T> pre;                 // (2h, H, W) a pre-activation (or its gradient), reused
    std::vector<std::vector<T>> r1;     // per block (B, 2h, H, W)
    std::vector<std::vector<T>> r2, r3; // per block (B, h, H, W)
    std::vector<T> r4, r5;              // (B, 2h, H, W)
    std::vector<T> dz, dr_wide, dr_narrow, dr_narrow2, du;  // backward buffers, one image each
    std::vector<T> scratch;             // conv scratch
};

}  // namespace

template <typename T>
PixelCnn<T>::PixelCnn(const ModelConfig& config) : Model<T>(config) {
    const int C = config.channels, h = config.h, K = config.logits();
    const auto g_in = contiguous_groups(C, C), g2h = contiguous_groups(2 * h, C),
               gh = contiguous_groups(h, C);
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
    m_head.add(p, 2 * h, h, K, C);
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
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h, C = cfg.channels;
    const std::size_t HW = std::size_t(H) * W, s2h = 2 * std::size_t(h) * HW,
                      sh = std::size_t(h) * HW, sC = std::size_t(C) * HW,
                      sK = std::size_t(cfg.logits()) * HW;  // per-image sizes
    c.B = B;
    c.z.resize(s2h);
    c.pre.resize(s2h);
    c.r1.resize(m_blocks.size());
    c.r2.resize(m_blocks.size());
    c.r3.resize(m_blocks.size());
    for (std::size_t l = 0; l < m_blocks.size(); ++l) {
        c.r1[l].resize(B * s2h);
        c.r2[l].resize(B * sh);
        c.r3[l].resize(B * sh);
    }
    c.r4.resize(B * s2h);
    c.r5.resize(B * s2h);
    logits.resize({std::size_t(B), std::size_t(cfg.logits()), std::size_t(H), std::size_t(W)});

    scale_input(c.u, x, cfg);
    // One image at a time through every layer: its maps (2h * H * W values each) stay in cache
    // from one layer to the next; only the ReLU outputs are written out for the backward.
    T* z = c.z.data();    // (2h, H, W) this image's residual stream
    T* pre = c.pre.data();  // (2h, H, W) a pre-activation
    for (int b = 0; b < B; ++b) {
        m_input.forward(z, c.scratch, c.u.data() + b * sC, p, 1, H, W);  // (1)
        for (std::size_t l = 0; l < m_blocks.size(); ++l) {
            const Block& blk = m_blocks[l];
            T* r1 = c.r1[l].data() + b * s2h;
            T* r2 = c.r2[l].data() + b * sh;
            T* r3 = c.r3[l].data() + b * sh;
            relu_forward(r1, z, s2h);                                      // (2)
            blk.reduce.forward_relu(r2, pre, c.scratch, r1, p, 1, H, W);  // (3)
            blk.conv.forward_relu(r3, pre, c.scratch, r2, p, 1, H, W);    // (4)
            blk.expand.forward(z, c.scratch, r3, p, 1, H, W, true);       // (5) z += expand(r3)
        }
        m_head.forward(logits.data() + b * sK, c.r4.data() + b * s2h, c.r5.data() + b * s2h, pre,
                       c.scratch, z, p, H, W);  // (6)-(8)
    }
}

template <typename T>
void PixelCnn<T>::backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                           ModelCache& cache_base, const Tensor4<T>& x) const {
    this->check_input(x);
    auto& c = forward_cache<PixelCnnCache<T>>(cache_base, dlogits, x, "pixelcnn");
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h, C = cfg.channels;
    const std::size_t HW = std::size_t(H) * W, s2h = 2 * std::size_t(h) * HW,
                      sh = std::size_t(h) * HW, sC = std::size_t(C) * HW,
                      sK = std::size_t(cfg.logits()) * HW;
    c.dz.resize(s2h);  // dL/dz, the residual stream's gradient, one image
    c.dr_wide.resize(s2h);
    c.pre.resize(s2h);  // reused as d(pre-activation)
    c.dr_narrow.resize(sh);
    c.dr_narrow2.resize(sh);
    if (dx) {
        c.du.resize(sC);
        prepare_dx(*dx, x);
    }
    for (int b = 0; b < B; ++b) {
        zero(c.dz);
        // Each layer's dinp buffer is fresh, so the layers write it (overwrite_dinp) instead of
        // adding into a zeroed copy; only dz, which two paths feed, accumulates.
        // (6)-(8) the head   so: dz += head^T dlogits
        m_head.backward(c.dz.data(), dparams, c.dr_wide.data(), c.pre.data(), c.scratch,
                        dlogits.data() + b * sK, c.r4.data() + b * s2h, c.r5.data() + b * s2h, p,
                        H, W);

        for (std::size_t l = m_blocks.size(); l-- > 0;) {
            const Block& blk = m_blocks[l];
            const T* r1 = c.r1[l].data() + b * s2h;
            const T* r2 = c.r2[l].data() + b * sh;
            const T* r3 = c.r3[l].data() + b * sh;
            // (5) z_{l+1} = z_l + expand(r3)   so: dz_l = dz_{l+1} (kept in dz), dexpand_out = dz
            blk.expand.backward(c.dr_narrow.data(), dparams, c.scratch, c.dz.data(), r3, p, 1, H,
                                W, true);
            // (4) r3 = relu(conv(r2))   so: dpre = dr3 * [r3 > 0] (in place); dr2 = conv^T dpre
            relu_backward_inplace(c.dr_narrow.data(), r3, sh);
            blk.conv.backward(c.dr_narrow2.data(), dparams, c.scratch, c.dr_narrow.data(), r2, p,
                              1, H, W, true);
            // (3) r2 = relu(reduce(r1))   so: dpre = dr2 * [r2 > 0] (in place); dr1 = reduce^T dpre
            relu_backward_inplace(c.dr_narrow2.data(), r2, sh);
            blk.reduce.backward(c.dr_wide.data(), dparams, c.scratch, c.dr_narrow2.data(), r1, p,
                                1, H, W, true);
            // (2) r1 = relu(z_l)   so: dz += dr1 * [r1 > 0]
            relu_backward(c.dz.data(), c.dr_wide.data(), r1, s2h);
        }
        // (1) z_0 = input(u), u = x * s   so: dx += s * input^T dz
        m_input.backward(dx ? c.du.data() : nullptr, dparams, c.scratch, c.dz.data(),
                         c.u.data() + b * sC, p, 1, H, W, true);
        if (dx) add_input_gradient(*dx, b, c.du.data(), cfg);
    }
}

template class PixelCnn<float>;
template class PixelCnn<double>;

}  // namespace ps::engine
