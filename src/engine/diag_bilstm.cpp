#include "engine/diag_bilstm.hpp"

#include <algorithm>

#include "engine/gemm.hpp"
#include "engine/lstm_cell.hpp"

namespace ps::engine {

// --- one direction (2)-(7) -----------------------------------------------------------------------

namespace {

// rows of skewed column j that lie on the image: r in [lo, hi]
inline void column_rows(int j, int H, int W, int& lo, int& hi) {
    lo = std::max(0, j - W + 1);
    hi = std::min(H - 1, j);
}

// K0, K1 (G, h) from the state-to-state weight (G, h, 2)
template <typename T>
void split_taps(T* k0, T* k1, const T* w_ss, int G, int h) {
    for (int k = 0; k < G * h; ++k) {
        k0[k] = w_ss[2 * k];
        k1[k] = w_ss[2 * k + 1];
    }
}

}  // namespace

template <typename T>
void diag_direction_forward(T* hsum, T* hs, T* cs, T* gates, std::vector<T>& scratch, const T* a,
                            const T* w_ss, const T* b_ss, bool mirrored, int h, int H, int W) {
    const int G = 4 * h, S = H + W - 1, H1 = H + 1;
    const std::size_t HW = std::size_t(H) * W, sh = std::size_t(h) * H1, sc = std::size_t(h) * H,
                      sg = std::size_t(G) * H;
    scratch.resize(2 * std::size_t(G) * h);
    T* k0 = scratch.data();
    T* k1 = k0 + std::size_t(G) * h;
    split_taps(k0, k1, w_ss, G, h);
    std::fill(hs, hs + S * sh, T(0));  // off-image states are 0
    std::fill(cs, cs + S * sc, T(0));
    for (int j = 0; j < S; ++j) {
        int lo, hi;
        column_rows(j, H, W, lo, hi);
        const int n = hi - lo + 1;
        T* pre = gates + j * sg;  // (G, H)
        // (3) skew: pre[:, r] = a[:, r, c] + b with c = j - r (mirrored: W-1 - (j - r))
        for (int k = 0; k < G; ++k)
            for (int r = lo; r <= hi; ++r) {
                const int c = mirrored ? W - 1 - (j - r) : j - r;
                pre[k * H + r] = a[k * HW + std::size_t(r) * W + c] + b_ss[k];
            }
        // (4) + K0 @ hs[:, r-1, j-1] + K1 @ hs[:, r, j-1]   (hs row r is at offset r + 1)
        if (j > 0) {
            const T* prev = hs + (j - 1) * sh;
            gemm(false, false, G, n, h, T(1), k0, h, prev + lo, H1, T(1), pre + lo, H);
            gemm(false, false, G, n, h, T(1), k1, h, prev + lo + 1, H1, T(1), pre + lo, H);
        }
        // (5)
        lstm_cell_forward(hs + j * sh + 1 + lo, cs + j * sc + lo, pre + lo,
                          j > 0 ? cs + (j - 1) * sc + lo : nullptr, h, n, std::size_t(H),
                          std::size_t(H), std::size_t(H1));
    }
    // (6), (7) unskew (and mirror back, shift down a row) into hsum
    for (int i = 0; i < h; ++i)
        for (int r = 0; r < H; ++r) {
            const int ro = mirrored ? r + 1 : r;
            if (ro >= H) continue;
            T* dst = hsum + (std::size_t(i) * H + ro) * W;
            for (int c = 0; c < W; ++c) {
                const int cm = mirrored ? W - 1 - c : c;  // column in the walked map
                dst[c] += hs[(r + cm) * sh + std::size_t(i) * H1 + r + 1];
            }
        }
}

template <typename T>
void diag_direction_backward(T* da, T* dw_ss, T* db_ss, std::vector<T>& scratch, const T* dhsum,
                             const T* hs, const T* cs, const T* gates, const T* w_ss,
                             bool mirrored, int h, int H, int W) {
    const int G = 4 * h, S = H + W - 1, H1 = H + 1;
    const std::size_t HW = std::size_t(H) * W, sh = std::size_t(h) * H1, sc = std::size_t(h) * H,
                      sg = std::size_t(G) * H;
    // scratch: K0, K1, dK0, dK1 (G, h) | dhs (S, h, H+1) | dpre (G, H) | dc_next, dc_prev (h, H)
    const std::size_t Gh = std::size_t(G) * h;
    scratch.assign(4 * Gh + S * sh + sg + 2 * sc, T(0));
    T* k0 = scratch.data();
    T* k1 = k0 + Gh;
    T* dk0 = k1 + Gh;
    T* dk1 = dk0 + Gh;
    T* dhs = dk1 + Gh;
    T* dpre = dhs + S * sh;
    T* dcn = dpre + sg;
    T* dcp = dcn + sc;
    split_taps(k0, k1, w_ss, G, h);
    // (6), (7) forward was: hsum[:, ro, c] += hs[:, r, r + cm]   so: dhs[:, r, r + cm] = dhsum
    for (int i = 0; i < h; ++i)
        for (int r = 0; r < H; ++r) {
            const int ro = mirrored ? r + 1 : r;
            if (ro >= H) continue;
            const T* src = dhsum + (std::size_t(i) * H + ro) * W;
            for (int c = 0; c < W; ++c) {
                const int cm = mirrored ? W - 1 - c : c;
                dhs[(r + cm) * sh + std::size_t(i) * H1 + r + 1] += src[c];
            }
        }
    for (int j = S - 1; j >= 0; --j) {
        int lo, hi;
        column_rows(j, H, W, lo, hi);
        const int n = hi - lo + 1;
        const T* g = gates + j * sg;
        // (5) forward was: c = f * c[:, r, j-1] + i * g; hs = o * tanh(c)   so (lstm_cell.hpp)
        //     dpre from dhs and dc; dc[:, r, j-1] += f * dc
        std::fill(dcp, dcp + sc, T(0));
        lstm_cell_backward(dpre + lo, j > 0 ? dcp + lo : nullptr, dhs + j * sh + 1 + lo, dcn + lo,
                           g + lo, cs + j * sc + lo, j > 0 ? cs + (j - 1) * sc + lo : nullptr, h,
                           n, std::size_t(H), std::size_t(H), std::size_t(H1));
        std::swap(dcn, dcp);
        // (3), (4) forward was: pre[:, r] = a[:, r, c] + b + K0 hs[:, r-1, j-1] + K1 hs[:, r, j-1]
        //     so: da[:, r, c] += dpre; db += dpre; dK0 += dpre hs_up^T; dhs_up += K0^T dpre; ...
        for (int k = 0; k < G; ++k) {
            T s = 0;
            for (int r = lo; r <= hi; ++r) {
                const int c = mirrored ? W - 1 - (j - r) : j - r;
                const T d = dpre[k * H + r];
                da[k * HW + std::size_t(r) * W + c] += d;
                s += d;
            }
            db_ss[k] += s;
        }
        if (j > 0) {
            const T* prev = hs + (j - 1) * sh;
            T* dprev = dhs + (j - 1) * sh;
            gemm(false, true, G, h, n, T(1), dpre + lo, H, prev + lo, H1, T(1), dk0, h);
            gemm(false, true, G, h, n, T(1), dpre + lo, H, prev + lo + 1, H1, T(1), dk1, h);
            gemm(true, false, h, n, G, T(1), k0, h, dpre + lo, H, T(1), dprev + lo, H1);
            gemm(true, false, h, n, G, T(1), k1, h, dpre + lo, H, T(1), dprev + lo + 1, H1);
        }
    }
    for (std::size_t k = 0; k < Gh; ++k) {
        dw_ss[2 * k] += dk0[k];
        dw_ss[2 * k + 1] += dk1[k];
    }
}

// --- the model -----------------------------------------------------------------------------------

namespace {

template <typename T>
struct DiagCache final : ModelCache {
    int B = 0;
    std::vector<T> u;                           // (B, C, H, W)
    std::vector<std::vector<T>> z;              // per layer (B, 2h, H, W): its input
    std::vector<std::vector<T>> hsum;           // per layer (B, h, H, W)
    std::vector<std::vector<T>> hs, cs, gates;  // per layer and direction (B, S, h|h|G, H(+1))
    std::vector<T> zcur, a, pre;
    std::vector<T> r4, r5;
    std::vector<T> dz, dwide, dhsum, da, du, scratch;
};

}  // namespace

template <typename T>
DiagBiLstm<T>::DiagBiLstm(const ModelConfig& config) : Model<T>(config) {
    const int C = config.channels, h = config.h, K = config.logits();
    const auto g_in = contiguous_groups(C, C), g2h = contiguous_groups(2 * h, C),
               gh = contiguous_groups(h, C), gG = lstm_gate_groups(h, C);
    ParamList<T>& p = this->m_params;
    m_input.add(p, "input", C, 2 * h, 7, 7, MaskType::A, g2h, g_in);
    m_layers.resize(std::size_t(config.layers));
    for (int l = 0; l < config.layers; ++l) {
        Layer& L = m_layers[std::size_t(l)];
        for (int d = 0; d < 2; ++d) {
            const std::string n =
                "diags." + std::to_string(l) + (d == 0 ? ".forward" : ".backward");
            Direction& D = L.dir[d];
            D.input_to_state.add(p, n + ".input_to_state", 2 * h, 4 * h, 1, 1, MaskType::B, gG,
                                 g2h);
            D.ss_weight = p.add(n + ".state_to_state.weight",
                                {std::size_t(4 * h), std::size_t(h), std::size_t(2)});
            D.ss_bias = p.add(n + ".state_to_state.bias", {std::size_t(4 * h)});
        }
        L.output.add(p, "diags." + std::to_string(l) + ".output", h, 2 * h, 1, 1, MaskType::B,
                     g2h, gh);
    }
    m_head.add(p, 2 * h, h, K, C);
}

template <typename T>
std::unique_ptr<ModelCache> DiagBiLstm<T>::make_cache() const {
    return std::make_unique<DiagCache<T>>();
}

template <typename T>
void DiagBiLstm<T>::forward(Tensor4<T>& logits, ModelCache& cache_base,
                            const Tensor4<T>& x) const {
    this->check_input(x);
    auto& c = dynamic_cast<DiagCache<T>&>(cache_base);
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h, C = cfg.channels;
    const int S = H + W - 1;
    const std::size_t HW = std::size_t(H) * W, s2h = 2 * std::size_t(h) * HW,
                      sh = std::size_t(h) * HW, sG = 4 * sh, sC = std::size_t(C) * HW,
                      sK = std::size_t(cfg.logits()) * HW;
    const std::size_t k_hs = std::size_t(S) * h * (H + 1), k_cs = std::size_t(S) * h * H,
                      k_g = 4 * k_cs;  // per image and direction
    const std::size_t nL = m_layers.size();
    c.B = B;
    c.z.resize(nL), c.hsum.resize(nL);
    c.hs.resize(2 * nL), c.cs.resize(2 * nL), c.gates.resize(2 * nL);
    for (std::size_t l = 0; l < nL; ++l) {
        c.z[l].resize(B * s2h);
        c.hsum[l].resize(B * sh);
        for (std::size_t d = 0; d < 2; ++d) {
            c.hs[2 * l + d].resize(B * k_hs);
            c.cs[2 * l + d].resize(B * k_cs);
            c.gates[2 * l + d].resize(B * k_g);
        }
    }
    c.zcur.resize(s2h), c.a.resize(sG), c.pre.resize(s2h);
    c.r4.resize(B * s2h), c.r5.resize(B * s2h);
    logits.resize({std::size_t(B), std::size_t(cfg.logits()), std::size_t(H), std::size_t(W)});

    scale_input(c.u, x, cfg);
    T* z = c.zcur.data();
    for (int b = 0; b < B; ++b) {
        m_input.forward(z, c.scratch, c.u.data() + b * sC, p, 1, H, W);  // (1)
        for (std::size_t l = 0; l < nL; ++l) {
            const Layer& L = m_layers[l];
            std::copy(z, z + s2h, c.z[l].data() + b * s2h);
            T* hsum = c.hsum[l].data() + b * sh;
            std::fill(hsum, hsum + sh, T(0));
            for (std::size_t d = 0; d < 2; ++d) {
                const Direction& D = L.dir[d];
                D.input_to_state.forward(c.a.data(), c.scratch, z, p, 1, H, W);  // (2)
                diag_direction_forward(hsum, c.hs[2 * l + d].data() + b * k_hs,
                                       c.cs[2 * l + d].data() + b * k_cs,
                                       c.gates[2 * l + d].data() + b * k_g, c.scratch, c.a.data(),
                                       p[D.ss_weight].value.data(), p[D.ss_bias].value.data(),
                                       d == 1, h, H, W);  // (3)-(7)
            }
            L.output.forward(z, c.scratch, hsum, p, 1, H, W, true);  // (8) z += output(hsum)
        }
        m_head.forward(logits.data() + b * sK, c.r4.data() + b * s2h, c.r5.data() + b * s2h,
                       c.pre.data(), c.scratch, z, p, H, W);  // (9)
    }
}

template <typename T>
void DiagBiLstm<T>::backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                             ModelCache& cache_base, const Tensor4<T>& x) const {
    this->check_input(x);
    auto& c = forward_cache<DiagCache<T>>(cache_base, dlogits, x, "diagbilstm");
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h, C = cfg.channels;
    const int S = H + W - 1;
    const std::size_t HW = std::size_t(H) * W, s2h = 2 * std::size_t(h) * HW,
                      sh = std::size_t(h) * HW, sG = 4 * sh, sC = std::size_t(C) * HW,
                      sK = std::size_t(cfg.logits()) * HW;
    const std::size_t k_hs = std::size_t(S) * h * (H + 1), k_cs = std::size_t(S) * h * H,
                      k_g = 4 * k_cs;
    c.dz.resize(s2h), c.dwide.resize(s2h), c.pre.resize(s2h), c.dhsum.resize(sh), c.da.resize(sG);
    if (dx) {
        c.du.resize(sC);
        prepare_dx(*dx, x);
    }
    for (int b = 0; b < B; ++b) {
        zero(c.dz);
        // (9) the head   so: dz += head^T dlogits
        m_head.backward(c.dz.data(), dparams, c.dwide.data(), c.pre.data(), c.scratch,
                        dlogits.data() + b * sK, c.r4.data() + b * s2h, c.r5.data() + b * s2h, p,
                        H, W);
        for (std::size_t l = m_layers.size(); l-- > 0;) {
            const Layer& L = m_layers[l];
            // (8) z_{l+1} = z_l + output(hsum)   so: dz_l = dz_{l+1}; dhsum += output^T dz
            zero(c.dhsum);
            L.output.backward(c.dhsum.data(), dparams, c.scratch, c.dz.data(),
                              c.hsum[l].data() + b * sh, p, 1, H, W);
            for (std::size_t d = 0; d < 2; ++d) {
                const Direction& D = L.dir[d];
                // (3)-(7) backward through the column walk, right to left
                zero(c.da);
                diag_direction_backward(c.da.data(), dparams[std::size_t(D.ss_weight)].data(),
                                        dparams[std::size_t(D.ss_bias)].data(), c.scratch,
                                        c.dhsum.data(), c.hs[2 * l + d].data() + b * k_hs,
                                        c.cs[2 * l + d].data() + b * k_cs,
                                        c.gates[2 * l + d].data() + b * k_g,
                                        p[D.ss_weight].value.data(), d == 1, h, H, W);
                // (2) a_d = input_to_state(z_l)   so: dz_l += input_to_state^T da
                D.input_to_state.backward(c.dz.data(), dparams, c.scratch, c.da.data(),
                                          c.z[l].data() + b * s2h, p, 1, H, W);
            }
        }
        // (1) z_0 = input(u), u = x * s   so: dx += s * input^T dz
        m_input.backward(dx ? c.du.data() : nullptr, dparams, c.scratch, c.dz.data(),
                         c.u.data() + b * sC, p, 1, H, W, true);
        if (dx) add_input_gradient(*dx, b, c.du.data(), cfg);
    }
}

#define PS_DIAG_INSTANTIATE(T)                                                                    \
    template void diag_direction_forward<T>(T*, T*, T*, T*, std::vector<T>&, const T*, const T*, \
                                            const T*, bool, int, int, int);                      \
    template void diag_direction_backward<T>(T*, T*, T*, std::vector<T>&, const T*, const T*,    \
                                             const T*, const T*, const T*, bool, int, int, int); \
    template class DiagBiLstm<T>;
PS_DIAG_INSTANTIATE(float)
PS_DIAG_INSTANTIATE(double)
#undef PS_DIAG_INSTANTIATE

}  // namespace ps::engine
