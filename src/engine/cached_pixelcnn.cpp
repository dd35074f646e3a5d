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
    std::vector<PixelMap<T>> r2;               // per block (H, W, B, h): the 3x3 conv's input
    std::vector<T> col, tap, z, r, pre, pre2;  // one pixel's (B, .) rows
};

}  // namespace

template <typename T>
std::unique_ptr<PixelState> PixelCnn<T>::make_pixel_state(int B) const {
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    auto s = std::make_unique<PixelCnnPixelState<T>>();
    s->B = B;
    s->input.pack(m_input, p);
    s->head0.pack(m_head.head0, p);
    s->head1.pack(m_head.head1, p);
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
    const int h = cfg.h;
    const T scale = cfg.output == OutputKind::bernoulli ? T(1) : T(1) / T(255);
    // The whole batch at once: each layer is one small GEMM (B, taps * in) @ (taps * in, out).
    const int B = s.B, C = cfg.channels, h2 = 2 * h;
    s.col.resize(std::size_t(B) *
                 std::max(s.input.taps() * C, s.conv.empty() ? 0 : s.conv[0].taps() * h));
    s.z.resize(std::size_t(B) * h2), s.r.resize(std::size_t(B) * h2);
    s.pre.resize(std::size_t(B) * h2), s.pre2.resize(std::size_t(B) * h2);
    const int in_k = s.input.taps() * C;
    for (int b = 0; b < B; ++b) {
        gather_input_taps(s.tap, s.input, x, b, r, c, scale);
        std::copy(s.tap.begin(), s.tap.end(), s.col.begin() + std::size_t(b) * in_k);
    }
    s.input.apply_rows(s.z.data(), s.col.data(), B);  // (1)
    for (std::size_t l = 0; l < m_blocks.size(); ++l) {
        relu_forward(s.r.data(), s.z.data(), std::size_t(B * h2));            // (2) r1
        s.reduce[l].apply_rows(s.pre.data(), s.r.data(), B);                  // (3)
        relu_forward(s.r2[l].at(r, c, 0), s.pre.data(), std::size_t(B * h));  //     r2
        const PackedConv<T>& cv = s.conv[l];
        const int k = cv.taps() * h;
        for (int b = 0; b < B; ++b)                // (4) r2 at
            for (int t = 0; t < cv.taps(); ++t) {  //  the taps
                const T* a =
                    s.r2[l].at_or_null(r + cv.dy[std::size_t(t)], c + cv.dx[std::size_t(t)], b);
                T* dst = s.col.data() + std::size_t(b) * k + std::size_t(t) * h;
                if (a)
                    std::copy(a, a + h, dst);
                else
                    std::fill(dst, dst + h, T(0));
            }
        cv.apply_rows(s.pre.data(), s.col.data(), B);
        relu_forward(s.r.data(), s.pre.data(), std::size_t(B * h));  //     r3
        s.expand[l].apply_rows(s.pre.data(), s.r.data(), B);         // (5)
        for (int q = 0; q < B * h2; ++q) s.z[std::size_t(q)] += s.pre[std::size_t(q)];
    }
    relu_forward(s.r.data(), s.z.data(), std::size_t(B * h2));  // (6)
    s.head0.apply_rows(s.pre.data(), s.r.data(), B);            // (7)
    relu_forward(s.pre2.data(), s.pre.data(), std::size_t(B * h2));
    s.head1.apply_rows(logits, s.pre2.data(), B);  // (8)
}

template std::unique_ptr<PixelState> PixelCnn<float>::make_pixel_state(int) const;
template std::unique_ptr<PixelState> PixelCnn<double>::make_pixel_state(int) const;
template void PixelCnn<float>::forward_pixel(float*, PixelState&, const Tensor4<float>&, int,
                                             int) const;
template void PixelCnn<double>::forward_pixel(double*, PixelState&, const Tensor4<double>&, int,
                                              int) const;

}  // namespace ps::engine
