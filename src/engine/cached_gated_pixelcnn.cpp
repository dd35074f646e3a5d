// Gated PixelCNN's incremental forward (gated_pixelcnn.hpp equations (1)-(10)), for the cached
// sampler. The vertical stack at row r reads only rows < r of the image, so the whole of row r of
// every v_i and a_v is computed once, when the first pixel of row r is asked for (every row above
// is drawn by then); the horizontal stack and the head are computed at the pixel itself.
#include "engine/cached_conv.hpp"
#include "engine/gated_pixelcnn.hpp"

namespace ps::engine {

namespace {

template <typename T>
struct GatedPixelState final : PixelState {
    int B = 0;
    std::vector<PackedConv<T>> vertical, horizontal, link, residual;  // per stage
    PackedConv<T> head0, head1;
    std::vector<PixelMap<T>> av, v, g;  // per stage (H, W, B, 2h | h | h)
    std::vector<T> col, tap, a, a2, act, t, r, r2;
};

}  // namespace

template <typename T>
std::unique_ptr<PixelState> GatedPixelCnn<T>::make_pixel_state(int B) const {
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    auto s = std::make_unique<GatedPixelState<T>>();
    s->B = B;
    const std::size_t n = m_stages.size();
    s->vertical.resize(n), s->horizontal.resize(n), s->link.resize(n), s->residual.resize(n);
    s->av.resize(n), s->v.resize(n), s->g.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        s->vertical[i].pack(m_stages[i].vertical, p);
        s->horizontal[i].pack(m_stages[i].horizontal, p);
        s->link[i].pack(m_stages[i].link, p);
        if (i > 0) s->residual[i].pack(m_stages[i].residual, p);
        s->av[i].init(cfg.height, cfg.width, B, 2 * cfg.h);
        s->v[i].init(cfg.height, cfg.width, B, cfg.h);
        s->g[i].init(cfg.height, cfg.width, B, cfg.h);
    }
    s->head0.pack(m_head.head0, p);
    s->head1.pack(m_head.head1, p);
    return s;
}

template <typename T>
void GatedPixelCnn<T>::forward_pixel(T* logits, PixelState& state, const Tensor4<T>& x, int r,
                                     int c) const {
    this->check_input(x);
    auto& s = dynamic_cast<GatedPixelState<T>&>(state);
    const ModelConfig& cfg = this->m_config;
    if (int(x.shape(0)) != s.B)
        throw EngineError("gated forward_pixel: state is for batch " + std::to_string(s.B) +
                          ", x is " + shape_string(x.shape()));
    const int B = s.B, h = cfg.h, h2 = 2 * h, C = cfg.channels, W = cfg.width;
    const T scale = cfg.output == OutputKind::bernoulli ? T(1) : T(1) / T(255);
    const std::size_t n = m_stages.size();
    s.a.resize(std::size_t(B) * h2), s.a2.resize(std::size_t(B) * h2), s.act.resize(h2);
    s.t.resize(std::size_t(B) * h), s.r.resize(std::size_t(B) * h2),
        s.r2.resize(std::size_t(B) * h2);
    // gather the image (B, taps * C) at a conv's taps around (r, cc)
    auto gather_x = [&](const PackedConv<T>& conv, int cc) {
        const int k = conv.taps() * C;
        s.col.resize(std::size_t(B) * k);
        for (int b = 0; b < B; ++b) {
            gather_input_taps(s.tap, conv, x, b, r, cc, scale);
            std::copy(s.tap.begin(), s.tap.end(), s.col.begin() + std::size_t(b) * k);
        }
        return s.col.data();
    };
    auto gate_rows = [&](T* out, const T* a) {  // out (B, h) = gate(a (B, 2h))
        for (int b = 0; b < B; ++b)
            gate_forward(out + std::size_t(b) * h, s.act.data(), a + std::size_t(b) * h2, h, 1);
    };
    if (c == 0)  // the vertical stack, row r, every column: (1)-(2), (5)-(6)
        for (std::size_t i = 0; i < n; ++i)
            for (int cc = 0; cc < W; ++cc) {
                T* av = s.av[i].at(r, cc, 0);
                if (i == 0)
                    s.vertical[0].apply_rows(av, gather_x(s.vertical[0], cc), B);
                else
                    s.vertical[i].apply_rows(
                        av, gather_map(s.col, s.vertical[i], s.v[i - 1], B, r, cc), B);
                gate_rows(s.v[i].at(r, cc, 0), av);
            }
    for (std::size_t i = 0; i < n; ++i) {
        // (3) / (7): a_h = horizontal(u or g_{i-1}) + link(a_v)
        if (i == 0)
            s.horizontal[0].apply_rows(s.a.data(), gather_x(s.horizontal[0], c), B);
        else
            s.horizontal[i].apply_rows(s.a.data(),
                                       gather_map(s.col, s.horizontal[i], s.g[i - 1], B, r, c), B);
        s.link[i].apply_rows(s.a2.data(), s.av[i].at(r, c, 0), B);
        for (int k = 0; k < B * h2; ++k) s.a[std::size_t(k)] += s.a2[std::size_t(k)];
        T* g = s.g[i].at(r, c, 0);
        if (i == 0) {
            gate_rows(g, s.a.data());  // (4)
        } else {
            gate_rows(s.t.data(), s.a.data());           // (8)
            s.residual[i].apply_rows(g, s.t.data(), B);  // (9)
            const T* gp = s.g[i - 1].at(r, c, 0);
            for (int k = 0; k < B * h; ++k) g[k] += gp[k];
        }
    }
    relu_forward(s.r.data(), s.g[n - 1].at(r, c, 0), std::size_t(B * h));  // (10)
    s.head0.apply_rows(s.r2.data(), s.r.data(), B);
    relu_forward(s.r.data(), s.r2.data(), std::size_t(B * h2));
    s.head1.apply_rows(logits, s.r.data(), B);
}

template std::unique_ptr<PixelState> GatedPixelCnn<float>::make_pixel_state(int) const;
template std::unique_ptr<PixelState> GatedPixelCnn<double>::make_pixel_state(int) const;
template void GatedPixelCnn<float>::forward_pixel(float*, PixelState&, const Tensor4<float>&, int,
                                                  int) const;
template void GatedPixelCnn<double>::forward_pixel(double*, PixelState&, const Tensor4<double>&,
                                                   int, int) const;

}  // namespace ps::engine
