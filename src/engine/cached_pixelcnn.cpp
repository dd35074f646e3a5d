// PixelCNN's incremental forward (pixelcnn.hpp equations (1)-(8) at one pixel p), for the cached
// sampler. Only the 3x3 conv of each block reads other pixels, so only its input r2 is kept for the
// whole image; everything else lives for one pixel. Each layer at p costs what the full forward
// spends on p, over the kept taps only (mask A 7x7 keeps 24 of 49 taps, mask B 3x3 keeps 5 of 9).
#include "engine/cached_conv.hpp"
#include "engine/pixelcnn.hpp"

namespace ps::engine {

namespace {

template <typename T>
struct PixelCnnPixelState final : PixelState {
    int B = 0;
    PackedConv<T> input, head0, head1;
    std::vector<PackedConv<T>> reduce, conv, expand;
    std::vector<PixelMap<T>> r2;  // per block (H, W, B, h): the 3x3 conv's input
    std::vector<T> col, z, r, pre, pre2;  // one pixel's vectors
};

template <typename T>
void relu_into(T* out, const T* in, int n) {
    for (int k = 0; k < n; ++k) out[k] = in[k] > T(0) ? in[k] : T(0);
}

}  // namespace

template <typename T>
std::unique_ptr<PixelState> PixelCnn<T>::make_pixel_state(int B) const {
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    auto s = std::make_unique<PixelCnnPixelState<T>>();
    s->B = B;
    s->input.pack(m_input, p);
    s->head0.pack(m_head0, p);
    s->head1.pack(m_head1, p);
    s->reduce.resize(m_blocks.size());
    s->conv.resize(m_blocks.size());
    s->expand.resize(m_blocks.size());
    s->r2.resize(m_blocks.size());
    for (std::size_t l = 0; l < m_blocks.size(); ++l) {
        s->reduce[l].pack(m_blocks[l].reduce, p);
        s->conv[l].pack(m_blocks[l].conv, p);
        s->expand[l].pack(m_blocks[l].expand, p);
        s->r2[l].init(cfg.height, cfg.width, B, cfg.h);
    }
    const std::size_t wide = 2 * std::size_t(cfg.h);
    s->z.resize(wide), s->r.resize(wide), s->pre.resize(wide), s->pre2.resize(wide);
    return s;
}

template <typename T>
void PixelCnn<T>::forward_pixel(T* logits, PixelState& state, const Tensor4<T>& x, int r,
                                int c) const {
    this->check_input(x);
    auto& s = dynamic_cast<PixelCnnPixelState<T>&>(state);
    const ModelConfig& cfg = this->m_config;
    if (int(x.shape(0)) != s.B)
        throw EngineError("pixelcnn forward_pixel: state is for batch " + std::to_string(s.B) +
                          ", x is " + shape_string(x.shape()));
    const int h = cfg.h, K = cfg.logits();
    const T scale = cfg.output == OutputKind::bernoulli ? T(1) : T(1) / T(255);
    for (int b = 0; b < s.B; ++b) {
        // (1) z_0 = input(u) at p
        gather_input_taps(s.col, s.input, x, b, r, c, scale);
        const int C = cfg.channels;
        s.input.apply(s.z.data(), [&](int t) { return s.col.data() + std::size_t(t) * C; });
        for (std::size_t l = 0; l < m_blocks.size(); ++l) {
            relu_into(s.r.data(), s.z.data(), 2 * h);                          // (2) r1
            s.reduce[l].apply_1x1(s.pre.data(), s.r.data());                   // (3)
            T* r2 = s.r2[l].at(r, c, b);
            relu_into(r2, s.pre.data(), h);
            const PixelMap<T>& map = s.r2[l];
            const PackedConv<T>& cv = s.conv[l];
            cv.apply(s.pre.data(), [&](int t) {                                 // (4) reads r2 at
                return map.at_or_null(r + cv.dy[std::size_t(t)],               //     the kept taps
                                      c + cv.dx[std::size_t(t)], b);
            });
            relu_into(s.r.data(), s.pre.data(), h);                            //     r3
            s.expand[l].apply_1x1(s.pre.data(), s.r.data());                   // (5)
            for (int k = 0; k < 2 * h; ++k) s.z[std::size_t(k)] += s.pre[std::size_t(k)];
        }
        relu_into(s.r.data(), s.z.data(), 2 * h);                              // (6)
        s.head0.apply_1x1(s.pre.data(), s.r.data());                           // (7)
        relu_into(s.pre2.data(), s.pre.data(), 2 * h);
        s.head1.apply_1x1(logits + std::size_t(b) * K, s.pre2.data());         // (8)
    }
}

template std::unique_ptr<PixelState> PixelCnn<float>::make_pixel_state(int) const;
template std::unique_ptr<PixelState> PixelCnn<double>::make_pixel_state(int) const;
template void PixelCnn<float>::forward_pixel(float*, PixelState&, const Tensor4<float>&, int,
                                             int) const;
template void PixelCnn<double>::forward_pixel(double*, PixelState&, const Tensor4<double>&, int,
                                              int) const;

}  // namespace ps::engine
