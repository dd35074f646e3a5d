#include "engine/row_lstm.hpp"

#include <algorithm>

#include "engine/gemm.hpp"
#include "engine/lstm_cell.hpp"

namespace ps::engine {

// --- the recurrence (3)-(6) ----------------------------------------------------------------------

namespace {

// col (3h, W): col[(i*3 + k), x] = hrow[i, x + k - 1], zero off the row (hrow has stride ld)
template <typename T>
void row_im2col(T* col, const T* hrow, std::size_t ld, int h, int W) {
    for (int i = 0; i < h; ++i) {
        const T* src = hrow + std::size_t(i) * ld;
        T* c0 = col + std::size_t(i * 3 + 0) * W;
        T* c1 = col + std::size_t(i * 3 + 1) * W;
        T* c2 = col + std::size_t(i * 3 + 2) * W;
        c0[0] = T(0);
        for (int x = 1; x < W; ++x) c0[x] = src[x - 1];  // tap c-1
        for (int x = 0; x < W; ++x) c1[x] = src[x];      // tap c
        for (int x = 0; x + 1 < W; ++x) c2[x] = src[x + 1];  // tap c+1
        c2[W - 1] = T(0);
    }
}

// the transpose of row_im2col, added: drow[i, x + k - 1] += dcol[(i*3 + k), x]
template <typename T>
void row_col2im_add(T* drow, std::size_t ld, const T* dcol, int h, int W) {
    for (int i = 0; i < h; ++i) {
        T* dst = drow + std::size_t(i) * ld;
        const T* c0 = dcol + std::size_t(i * 3 + 0) * W;
        const T* c1 = dcol + std::size_t(i * 3 + 1) * W;
        const T* c2 = dcol + std::size_t(i * 3 + 2) * W;
        for (int x = 0; x + 1 < W; ++x) dst[x] += c0[x + 1];  // tap c-1 read x from x + 1
        for (int x = 0; x < W; ++x) dst[x] += c1[x];
        for (int x = 1; x < W; ++x) dst[x] += c2[x - 1];      // tap c+1 read x from x - 1
    }
}

}  // namespace

template <typename T>
void row_lstm_forward(T* hs, T* cs, T* gates, std::vector<T>& col, const T* a, const T* w_ss,
                      const T* b_ss, int h, int H, int W) {
    const int G = 4 * h;
    const std::size_t HW = std::size_t(H) * W;
    col.resize(std::size_t(3 * h) * W);
    for (int r = 0; r < H; ++r) {
        T* pre = gates + std::size_t(r) * W;  // (G, W), stride HW
        // (3) pre_r = a[:, r] + b_ss + w_ss (*) h_{r-1}
        for (int k = 0; k < G; ++k) {
            const T* src = a + k * HW + std::size_t(r) * W;
            T* dst = pre + k * HW;
            for (int x = 0; x < W; ++x) dst[x] = src[x] + b_ss[k];
        }
        if (r > 0) {
            row_im2col(col.data(), hs + std::size_t(r - 1) * W, HW, h, W);
            gemm(false, false, G, W, 3 * h, T(1), w_ss, 3 * h, col.data(), W, T(1), pre, int(HW));
        }
        // (4)-(6)
        lstm_cell_forward(hs + std::size_t(r) * W, cs + std::size_t(r) * W, pre,
                          r > 0 ? cs + std::size_t(r - 1) * W : nullptr, h, W, HW, HW, HW);
    }
}

template <typename T>
void row_lstm_backward(T* da, T* dw_ss, T* db_ss, T* dhs, std::vector<T>& scratch, const T* hs,
                       const T* cs, const T* gates, const T* w_ss, int h, int H, int W) {
    const int G = 4 * h;
    const std::size_t HW = std::size_t(H) * W;
    // scratch: dpre (G, H, W) | dcs (h, H, W) | col (3h, W) | dcol (3h, W)
    scratch.assign(std::size_t(G) * HW + std::size_t(h) * HW + 2 * std::size_t(3 * h) * W, T(0));
    T* dpre = scratch.data();
    T* dcs = dpre + std::size_t(G) * HW;
    T* col = dcs + std::size_t(h) * HW;
    T* dcol = col + std::size_t(3 * h) * W;
    for (int r = H - 1; r >= 0; --r) {
        const std::size_t off = std::size_t(r) * W;
        // (4)-(6) forward was: c_r = f c_{r-1} + i g; h_r = o tanh(c_r)   so (lstm_cell.hpp):
        // dpre_r from dh_r and dc_r; dc_{r-1} += f dc_r
        lstm_cell_backward(dpre + off, r > 0 ? dcs + off - W : nullptr, dhs + off, dcs + off,
                           gates + off, cs + off, r > 0 ? cs + off - W : nullptr, h, W, HW, HW,
                           HW);
        // (3) forward was: pre_r = a[:, r] + b_ss + w_ss @ col(h_{r-1})
        //     so: da[:, r] += dpre_r; db_ss += sum_x dpre_r; dw_ss += dpre_r col^T;
        //         dh_{r-1} += col2im(w_ss^T dpre_r)
        for (int k = 0; k < G; ++k) {
            const T* src = dpre + k * HW + off;
            T* dst = da + k * HW + off;
            T s = 0;
            for (int x = 0; x < W; ++x) {
                dst[x] += src[x];
                s += src[x];
            }
            db_ss[k] += s;
        }
        if (r > 0) {
            row_im2col(col, hs + off - W, HW, h, W);
            gemm(false, true, G, 3 * h, W, T(1), dpre + off, int(HW), col, W, T(1), dw_ss, 3 * h);
            gemm(true, false, 3 * h, W, G, T(1), w_ss, 3 * h, dpre + off, int(HW), T(0), dcol, W);
            row_col2im_add(dhs + off - W, HW, dcol, h, W);
        }
    }
}

// --- the model -----------------------------------------------------------------------------------

namespace {

template <typename T>
struct RowLstmCache final : ModelCache {
    int B = 0;
    std::vector<T> u;                                // (B, C, H, W) scaled input
    std::vector<std::vector<T>> z;                   // per layer (B, 2h, H, W): its input z_l
    std::vector<std::vector<T>> hs, cs, gates;       // per layer (B, h|h|G, H, W)
    std::vector<T> zcur, a, pre;                     // one image: (2h,H,W), (G,H,W), (2h,H,W)
    std::vector<T> r4, r5;                           // (B, 2h, H, W)
    std::vector<T> dz, dwide, dhs, da, du, scratch, scratch2;
};

}  // namespace

template <typename T>
RowLstm<T>::RowLstm(const ModelConfig& config) : Model<T>(config) {
    const int C = config.channels, h = config.h, K = config.logits();
    const auto g_in = contiguous_groups(C, C), g2h = contiguous_groups(2 * h, C),
               gh = contiguous_groups(h, C), gG = lstm_gate_groups(h, C);
    ParamList<T>& p = this->m_params;
    m_input.add(p, "input", C, 2 * h, 7, 7, MaskType::A, g2h, g_in);
    m_layers.resize(std::size_t(config.layers));
    for (int l = 0; l < config.layers; ++l) {
        const std::string n = "rows." + std::to_string(l);
        Layer& L = m_layers[std::size_t(l)];
        L.input_to_state.add(p, n + ".input_to_state", 2 * h, 4 * h, 1, 3, MaskType::B, gG, g2h);
        L.ss_weight = p.add(n + ".state_to_state.weight",
                            {std::size_t(4 * h), std::size_t(h), std::size_t(3)});
        L.ss_bias = p.add(n + ".state_to_state.bias", {std::size_t(4 * h)});
        L.output.add(p, n + ".output", h, 2 * h, 1, 1, MaskType::B, g2h, gh);
    }
    m_head.add(p, 2 * h, h, K, C);
}

template <typename T>
std::unique_ptr<ModelCache> RowLstm<T>::make_cache() const {
    return std::make_unique<RowLstmCache<T>>();
}

template <typename T>
void RowLstm<T>::forward(Tensor4<T>& logits, ModelCache& cache_base, const Tensor4<T>& x) const {
    this->check_input(x);
    auto& c = dynamic_cast<RowLstmCache<T>&>(cache_base);
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h, C = cfg.channels;
    const std::size_t HW = std::size_t(H) * W, s2h = 2 * std::size_t(h) * HW,
                      sh = std::size_t(h) * HW, sG = 4 * sh, sC = std::size_t(C) * HW,
                      sK = std::size_t(cfg.logits()) * HW;
    const std::size_t nL = m_layers.size();
    c.B = B;
    c.z.resize(nL), c.hs.resize(nL), c.cs.resize(nL), c.gates.resize(nL);
    for (std::size_t l = 0; l < nL; ++l) {
        c.z[l].resize(B * s2h);
        c.hs[l].resize(B * sh);
        c.cs[l].resize(B * sh);
        c.gates[l].resize(B * sG);
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
            T* hs = c.hs[l].data() + b * sh;
            L.input_to_state.forward(c.a.data(), c.scratch, z, p, 1, H, W);  // (2)
            row_lstm_forward(hs, c.cs[l].data() + b * sh, c.gates[l].data() + b * sG, c.scratch,
                             c.a.data(), p[L.ss_weight].value.data(), p[L.ss_bias].value.data(),
                             h, H, W);                                        // (3)-(6)
            L.output.forward(z, c.scratch, hs, p, 1, H, W, true);  // (7) z += output(h)
        }
        m_head.forward(logits.data() + b * sK, c.r4.data() + b * s2h, c.r5.data() + b * s2h,
                       c.pre.data(), c.scratch, z, p, H, W);  // (8)
    }
}

template <typename T>
void RowLstm<T>::backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                          ModelCache& cache_base, const Tensor4<T>& x) const {
    this->check_input(x);
    auto& c = forward_cache<RowLstmCache<T>>(cache_base, dlogits, x, "rowlstm");
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h, C = cfg.channels;
    const std::size_t HW = std::size_t(H) * W, s2h = 2 * std::size_t(h) * HW,
                      sh = std::size_t(h) * HW, sG = 4 * sh, sC = std::size_t(C) * HW,
                      sK = std::size_t(cfg.logits()) * HW;
    c.dz.resize(s2h), c.dwide.resize(s2h), c.pre.resize(s2h), c.dhs.resize(sh), c.da.resize(sG);
    if (dx) {
        c.du.resize(sC);
        prepare_dx(*dx, x);
    }
    for (int b = 0; b < B; ++b) {
        zero(c.dz);
        // (8) the head   so: dz += head^T dlogits
        m_head.backward(c.dz.data(), dparams, c.dwide.data(), c.pre.data(), c.scratch,
                        dlogits.data() + b * sK, c.r4.data() + b * s2h, c.r5.data() + b * s2h, p,
                        H, W);
        for (std::size_t l = m_layers.size(); l-- > 0;) {
            const Layer& L = m_layers[l];
            const T* hs = c.hs[l].data() + b * sh;
            // (7) z_{l+1} = z_l + output(h)   so: dz_l = dz_{l+1} (kept in dz); dh += output^T dz
            zero(c.dhs);
            L.output.backward(c.dhs.data(), dparams, c.scratch, c.dz.data(), hs, p, 1, H, W);
            // (3)-(6) backward through time, rows bottom to top
            zero(c.da);
            row_lstm_backward(c.da.data(), dparams[std::size_t(L.ss_weight)].data(),
                              dparams[std::size_t(L.ss_bias)].data(), c.dhs.data(), c.scratch2,
                              hs, c.cs[l].data() + b * sh, c.gates[l].data() + b * sG,
                              p[L.ss_weight].value.data(), h, H, W);
            // (2) a = input_to_state(z_l)   so: dz_l += input_to_state^T da
            L.input_to_state.backward(c.dz.data(), dparams, c.scratch, c.da.data(),
                                      c.z[l].data() + b * s2h, p, 1, H, W);
        }
        // (1) z_0 = input(u), u = x * s   so: dx += s * input^T dz
        m_input.backward(dx ? c.du.data() : nullptr, dparams, c.scratch, c.dz.data(),
                         c.u.data() + b * sC, p, 1, H, W, true);
        if (dx) add_input_gradient(*dx, b, c.du.data(), cfg);
    }
}

template void row_lstm_forward<float>(float*, float*, float*, std::vector<float>&, const float*,
                                      const float*, const float*, int, int, int);
template void row_lstm_forward<double>(double*, double*, double*, std::vector<double>&,
                                       const double*, const double*, const double*, int, int, int);
template void row_lstm_backward<float>(float*, float*, float*, float*, std::vector<float>&,
                                       const float*, const float*, const float*, const float*, int,
                                       int, int);
template void row_lstm_backward<double>(double*, double*, double*, double*, std::vector<double>&,
                                        const double*, const double*, const double*,
                                        const double*, int, int, int);
template class RowLstm<float>;
template class RowLstm<double>;

}  // namespace ps::engine
