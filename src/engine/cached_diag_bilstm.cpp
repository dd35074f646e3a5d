// Diagonal BiLSTM's incremental forward (diag_bilstm.hpp equations (1)-(9)), for the cached
// sampler, in unskewed coordinates. The skewed walk (4)-(5) reads, for the state at (r, c):
//   forward   h(r-1, c) (tap 0) and h(r, c-1) (tap 1), cell state c(r, c-1)
//   backward  h(r-1, c) (tap 0) and h(r, c+1) (tap 1), cell state c(r, c+1)   (mirrored)
// so the forward direction is computed at the pixel itself, and the backward direction's row r-1,
// which (7) hands to row r after the shift, is computed right to left once, when row r begins
// (every pixel of row r-1 is final by then). Each state is computed once.
#include "engine/cached_conv.hpp"
#include "engine/diag_bilstm.hpp"
#include "engine/lstm_cell.hpp"

namespace ps::engine {

namespace {

template <typename T>
struct DiagPixelState final : PixelState {
    int B = 0;
    PackedConv<T> input, head0, head1;
    std::vector<PackedConv<T>> its[2], ss[2], output;  // per layer
    std::vector<PixelMap<T>> z, hs[2], cs[2];          // per layer (H, W, B, 2h | h | h)
    std::vector<T> col, tap, zc, a, pre, sum, r, r2;
};

}  // namespace

template <typename T>
std::unique_ptr<PixelState> DiagBiLstm<T>::make_pixel_state(int B) const {
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int h = cfg.h, G = 4 * h, H = cfg.height, W = cfg.width;
    auto s = std::make_unique<DiagPixelState<T>>();
    s->B = B;
    s->input.pack(m_input, p);
    s->head0.pack(m_head.head0, p);
    s->head1.pack(m_head.head1, p);
    const std::size_t nL = m_layers.size();
    s->output.resize(nL), s->z.resize(nL);
    for (int d = 0; d < 2; ++d) {
        s->its[d].resize(nL), s->ss[d].resize(nL), s->hs[d].resize(nL), s->cs[d].resize(nL);
    }
    for (std::size_t l = 0; l < nL; ++l) {
        const Layer& L = m_layers[l];
        s->output[l].pack(L.output, p);
        s->z[l].init(H, W, B, 2 * h);
        for (int d = 0; d < 2; ++d) {
            const Direction& D = L.dir[d];
            s->its[d][l].pack(D.input_to_state, p);
            // state_to_state (G, h, 2): tap 0 the state above, tap 1 the one before in the walk
            PackedConv<T>& ss = s->ss[d][l];
            ss.in = h, ss.out = G;
            ss.dy = {-1, 0}, ss.dx = {0, d == 0 ? -1 : 1};
            const T* w = p[D.ss_weight].value.data();
            ss.wt.assign(2 * std::size_t(h) * G, T(0));
            for (int t = 0; t < 2; ++t)
                for (int i = 0; i < h; ++i)
                    for (int o = 0; o < G; ++o)
                        ss.wt[(std::size_t(t) * h + i) * G + o] =
                            w[(std::size_t(o) * h + i) * 2 + t];
            const T* b = p[D.ss_bias].value.data();
            ss.bias.assign(b, b + G);
            s->hs[d][l].init(H, W, B, h);
            s->cs[d][l].init(H, W, B, h);
        }
    }
    return s;
}

template <typename T>
void DiagBiLstm<T>::forward_pixel(T* logits, PixelState& state, const Tensor4<T>& x, int r,
                                  int c) const {
    this->check_input(x);
    auto& s = dynamic_cast<DiagPixelState<T>&>(state);
    const ModelConfig& cfg = this->m_config;
    if (int(x.shape(0)) != s.B)
        throw EngineError("diagbilstm forward_pixel: state is for batch " + std::to_string(s.B) +
                          ", x is " + shape_string(x.shape()));
    const int B = s.B, h = cfg.h, h2 = 2 * h, G = 4 * h, C = cfg.channels, W = cfg.width;
    const T scale = cfg.output == OutputKind::bernoulli ? T(1) : T(1) / T(255);
    s.zc.resize(std::size_t(B) * h2), s.r.resize(std::size_t(B) * h2),
        s.r2.resize(std::size_t(B) * h2), s.sum.resize(std::size_t(B) * h);
    s.a.resize(std::size_t(B) * G), s.pre.resize(std::size_t(B) * G);

    // one direction's states at (rr, cc) from z_l there and the states it reads, (2), (4)-(5)
    auto lstm_at = [&](int d, std::size_t l, int rr, int cc) {
        s.its[d][l].apply_rows(s.a.data(), s.z[l].at(rr, cc, 0), B);
        s.ss[d][l].apply_rows(s.pre.data(), gather_map(s.col, s.ss[d][l], s.hs[d][l], B, rr, cc),
                              B);
        for (int k = 0; k < B * G; ++k) s.pre[std::size_t(k)] += s.a[std::size_t(k)];
        const int cp = d == 0 ? cc - 1 : cc + 1;  // the cell state carried along the walk
        for (int b = 0; b < B; ++b)
            lstm_cell_forward(s.hs[d][l].at(rr, cc, b), s.cs[d][l].at(rr, cc, b),
                              s.pre.data() + std::size_t(b) * G,
                              cp >= 0 && cp < W ? s.cs[d][l].at(rr, cp, b) : nullptr, h, 1, 1, 1,
                              1);
    };

    const int in_k = s.input.taps() * C;
    s.col.resize(std::size_t(B) * in_k);
    for (int b = 0; b < B; ++b) {
        gather_input_taps(s.tap, s.input, x, b, r, c, scale);
        std::copy(s.tap.begin(), s.tap.end(), s.col.begin() + std::size_t(b) * in_k);
    }
    s.input.apply_rows(s.zc.data(), s.col.data(), B);  // (1)
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
        if (c == 0 && r > 0)  // the backward direction's row r-1, right to left
            for (int cc = W - 1; cc >= 0; --cc) lstm_at(1, l, r - 1, cc);
        std::copy(s.zc.begin(), s.zc.end(), s.z[l].at(r, c, 0));
        lstm_at(0, l, r, c);
        // (7) hsum = h_fwd(r, c) + h_bwd(r-1, c)
        const T* hf = s.hs[0][l].at(r, c, 0);
        for (int k = 0; k < B * h; ++k) s.sum[std::size_t(k)] = hf[k];
        if (r > 0) {
            const T* hb = s.hs[1][l].at(r - 1, c, 0);
            for (int k = 0; k < B * h; ++k) s.sum[std::size_t(k)] += hb[k];
        }
        s.output[l].apply_rows(s.r.data(), s.sum.data(), B);  // (8)
        for (int k = 0; k < B * h2; ++k) s.zc[std::size_t(k)] += s.r[std::size_t(k)];
    }
    relu_forward(s.r.data(), s.zc.data(), std::size_t(B * h2));  // (9)
    s.head0.apply_rows(s.r2.data(), s.r.data(), B);
    relu_forward(s.r.data(), s.r2.data(), std::size_t(B * h2));
    s.head1.apply_rows(logits, s.r.data(), B);
}

template std::unique_ptr<PixelState> DiagBiLstm<float>::make_pixel_state(int) const;
template std::unique_ptr<PixelState> DiagBiLstm<double>::make_pixel_state(int) const;
template void DiagBiLstm<float>::forward_pixel(float*, PixelState&, const Tensor4<float>&, int,
                                               int) const;
template void DiagBiLstm<double>::forward_pixel(double*, PixelState&, const Tensor4<double>&, int,
                                                int) const;

}  // namespace ps::engine
