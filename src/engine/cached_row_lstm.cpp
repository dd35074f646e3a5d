// Row LSTM's incremental forward (row_lstm.hpp equations (1)-(8) at one pixel p = (r, c)), for the
// cached sampler. Per layer the state keeps z_l (read by the 1x3 input-to-state at c-1, c) and the
// LSTM's h and c maps (read by the state-to-state conv on row r-1 at c-1, c, c+1, and by the cell
// at (r-1, c)). Row r-1 is complete before any pixel of row r is drawn, so every read is final.
#include "engine/cached_conv.hpp"
#include "engine/lstm_cell.hpp"
#include "engine/row_lstm.hpp"

namespace ps::engine {

namespace {

template <typename T>
struct RowLstmPixelState final : PixelState {
    int B = 0;
    PackedConv<T> input, head0, head1;
    std::vector<PackedConv<T>> its, ss, output;  // per layer
    std::vector<PixelMap<T>> z, hs, cs;          // per layer (H, W, B, 2h | h | h)
    std::vector<T> col, tap, zc, a, pre, r, r2;  // one pixel's (B, .) rows
};

}  // namespace

template <typename T>
std::unique_ptr<PixelState> RowLstm<T>::make_pixel_state(int B) const {
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int h = cfg.h, G = 4 * h, H = cfg.height, W = cfg.width;
    auto s = std::make_unique<RowLstmPixelState<T>>();
    s->B = B;
    s->input.pack(m_input, p);
    s->head0.pack(m_head.head0, p);
    s->head1.pack(m_head.head1, p);
    const std::size_t nL = m_layers.size();
    s->its.resize(nL), s->ss.resize(nL), s->output.resize(nL);
    s->z.resize(nL), s->hs.resize(nL), s->cs.resize(nL);
    for (std::size_t l = 0; l < nL; ++l) {
        const Layer& L = m_layers[l];
        s->its[l].pack(L.input_to_state, p);
        s->output[l].pack(L.output, p);
        // state_to_state (G, h, 3) as a conv on row r-1 with taps dx = -1, 0, 1
        PackedConv<T>& ss = s->ss[l];
        ss.in = h, ss.out = G;
        ss.dy = {-1, -1, -1}, ss.dx = {-1, 0, 1};
        const T* w = p[L.ss_weight].value.data();
        ss.wt.assign(3 * std::size_t(h) * G, T(0));
        for (int t = 0; t < 3; ++t)
            for (int i = 0; i < h; ++i)
                for (int o = 0; o < G; ++o)
                    ss.wt[(std::size_t(t) * h + i) * G + o] = w[(std::size_t(o) * h + i) * 3 + t];
        const T* b = p[L.ss_bias].value.data();
        ss.bias.assign(b, b + G);
        s->z[l].init(H, W, B, 2 * h);
        s->hs[l].init(H, W, B, h);
        s->cs[l].init(H, W, B, h);
    }
    s->zc.resize(2 * std::size_t(h)), s->r.resize(2 * std::size_t(h)),
        s->r2.resize(2 * std::size_t(h));
    s->a.resize(std::size_t(G)), s->pre.resize(std::size_t(G));
    return s;
}

template <typename T>
void RowLstm<T>::forward_pixel(T* logits, PixelState& state, const Tensor4<T>& x, int r,
                               int c) const {
    this->check_input(x);
    auto& s = dynamic_cast<RowLstmPixelState<T>&>(state);
    const ModelConfig& cfg = this->m_config;
    if (int(x.shape(0)) != s.B)
        throw EngineError("rowlstm forward_pixel: state is for batch " + std::to_string(s.B) +
                          ", x is " + shape_string(x.shape()));
    const int h = cfg.h, G = 4 * h, K = cfg.logits(), C = cfg.channels;
    const T scale = cfg.output == OutputKind::bernoulli ? T(1) : T(1) / T(255);
    // The whole batch at once: each conv is one small GEMM (B, taps * in) @ (taps * in, out).
    const int B = s.B, h2 = 2 * h;
    // gather (B, taps * F) rows from a map at the taps (dy, dx) of conv, zeros outside the image
    auto gather = [&](const PackedConv<T>& conv, const PixelMap<T>& map) {
        const int F = map.F, k = conv.taps() * F;
        s.col.resize(std::size_t(B) * k);
        for (int b = 0; b < B; ++b)
            for (int t = 0; t < conv.taps(); ++t) {
                const T* src =
                    map.at_or_null(r + conv.dy[std::size_t(t)], c + conv.dx[std::size_t(t)], b);
                T* dst = s.col.data() + std::size_t(b) * k + std::size_t(t) * F;
                if (src)
                    std::copy(src, src + F, dst);
                else
                    std::fill(dst, dst + F, T(0));
            }
        return s.col.data();
    };
    s.zc.resize(std::size_t(B) * h2), s.r.resize(std::size_t(B) * h2),
        s.r2.resize(std::size_t(B) * h2);
    s.a.resize(std::size_t(B) * G), s.pre.resize(std::size_t(B) * G);
    const int in_k = s.input.taps() * C;
    s.col.resize(std::size_t(B) * in_k);
    for (int b = 0; b < B; ++b) {
        gather_input_taps(s.tap, s.input, x, b, r, c, scale);
        std::copy(s.tap.begin(), s.tap.end(), s.col.begin() + std::size_t(b) * in_k);
    }
    s.input.apply_rows(s.zc.data(), s.col.data(), B);  // (1)
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
        std::copy(s.zc.begin(), s.zc.end(), s.z[l].at(r, c, 0));
        s.its[l].apply_rows(s.a.data(), gather(s.its[l], s.z[l]), B);   // (2) (r, c-1), (r, c)
        s.ss[l].apply_rows(s.pre.data(), gather(s.ss[l], s.hs[l]), B);  // (3) row r-1, c-1..c+1
        for (int k = 0; k < B * G; ++k) s.pre[std::size_t(k)] += s.a[std::size_t(k)];
        for (int b = 0; b < B; ++b)  // (4)-(6) at one position: gates (G) with stride 1
            lstm_cell_forward(s.hs[l].at(r, c, b), s.cs[l].at(r, c, b),
                              s.pre.data() + std::size_t(b) * G,
                              r > 0 ? s.cs[l].at(r - 1, c, b) : nullptr, h, 1, 1, 1, 1);
        s.output[l].apply_rows(s.r.data(), s.hs[l].at(r, c, 0), B);  // (7)
        for (int k = 0; k < B * h2; ++k) s.zc[std::size_t(k)] += s.r[std::size_t(k)];
    }
    relu_forward(s.r.data(), s.zc.data(), std::size_t(B * h2));  // (8)
    s.head0.apply_rows(s.r2.data(), s.r.data(), B);
    relu_forward(s.r.data(), s.r2.data(), std::size_t(B * h2));
    s.head1.apply_rows(logits, s.r.data(), B);
    (void)K;
}

template std::unique_ptr<PixelState> RowLstm<float>::make_pixel_state(int) const;
template std::unique_ptr<PixelState> RowLstm<double>::make_pixel_state(int) const;
template void RowLstm<float>::forward_pixel(float*, PixelState&, const Tensor4<float>&, int,
                                            int) const;
template void RowLstm<double>::forward_pixel(double*, PixelState&, const Tensor4<double>&, int,
                                             int) const;

}  // namespace ps::engine
