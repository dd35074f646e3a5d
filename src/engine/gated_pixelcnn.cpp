#include "engine/gated_pixelcnn.hpp"

#include <algorithm>
#include <cmath>

#include "engine/lstm_cell.hpp"

namespace ps::engine {

template <typename T>
void gate_forward(T* out, T* act, const T* a, int h, std::size_t N) {
    const std::size_t n = std::size_t(h) * N;
    for (std::size_t k = 0; k < n; ++k) {
        const T t = fast_tanh(a[k]), s = sigmoid(a[n + k]);
        act[k] = t;
        act[n + k] = s;
        out[k] = t * s;
    }
}

template <typename T>
void gate_backward(T* da, const T* dout, const T* act, int h, std::size_t N) {
    const std::size_t n = std::size_t(h) * N;
    for (std::size_t k = 0; k < n; ++k) {
        // forward was: out = t * s, t = tanh(a1), s = sigmoid(a2)
        // so: da1 += dout * s * (1 - t^2); da2 += dout * t * s * (1 - s)
        const T t = act[k], s = act[n + k];
        da[k] += dout[k] * s * (T(1) - t * t);
        da[n + k] += dout[k] * t * s * (T(1) - s);
    }
}

namespace {

// A k x k conv whose mask keeps the kernel rows 0 .. last_row (all columns): the vertical stack.
// last_row = k/2 - 1: rows strictly above the centre; k/2: down to the centre row (inclusive).
template <typename T>
void add_vertical(MaskedConv<T>& conv, ParamList<T>& p, const std::string& name, int in, int out,
                  int k, int last_row) {
    const std::vector<int> go(std::size_t(out), 0), gi(std::size_t(in), 0);
    conv.add(p, name, in, out, k, k, MaskType::none, go, gi);
    Tensor4<T> mask = build_mask<T>(out, in, k, k, MaskType::none, go, gi);
    for (int o = 0; o < out; ++o)
        for (int i = 0; i < in; ++i)
            for (int ky = last_row + 1; ky < k; ++ky)
                for (int kx = 0; kx < k; ++kx)
                    mask(std::size_t(o), std::size_t(i), std::size_t(ky), std::size_t(kx)) = T(0);
    std::copy(mask.begin(), mask.end(), p[conv.weight].mask.begin());
    conv.taps = kept_taps(mask);
}

template <typename T>
struct GatedCache final : ModelCache {
    int B = 0;
    std::vector<T> u;  // (B, C, H, W)
    // per stage s = 0..L, (B, ...) each: a_v, [tanh|sigmoid] of a_v and a_h (2h); v, g (h);
    // t (h, stages >= 1)
    std::vector<std::vector<T>> av, actv, acth, v, g, t;
    std::vector<T> ah, r4, r5, pre;
    std::vector<T> dg, dv, dv2, dav, dah, dt, dwide, du, scratch;
};

}  // namespace

template <typename T>
GatedPixelCnn<T>::GatedPixelCnn(const ModelConfig& config) : Model<T>(config) {
    const int C = config.channels, h = config.h, K = config.logits();
    const auto g_in = contiguous_groups(C, C), gh = contiguous_groups(h, C),
               ggate = gated_groups(2 * h, C);
    const std::vector<int> none2h(std::size_t(2 * h), 0);  // links: no channel mask
    ParamList<T>& p = this->m_params;
    m_stages.resize(std::size_t(config.layers) + 1);
    for (int s = 0; s <= config.layers; ++s) {
        Stage& st = m_stages[std::size_t(s)];
        if (s == 0) {
            add_vertical(st.vertical, p, "input.vertical", C, 2 * h, 7, 2);
            st.horizontal.add(p, "input.horizontal", C, 2 * h, 1, 7, MaskType::A, ggate, g_in);
            st.link.add(p, "input.link", 2 * h, 2 * h, 1, 1, MaskType::none, none2h, none2h);
        } else {
            const std::string n = "layers." + std::to_string(s - 1);
            add_vertical(st.vertical, p, n + ".vertical", h, 2 * h, 3, 1);
            st.horizontal.add(p, n + ".horizontal", h, 2 * h, 1, 3, MaskType::B, ggate, gh);
            st.link.add(p, n + ".link", 2 * h, 2 * h, 1, 1, MaskType::none, none2h, none2h);
            st.residual.add(p, n + ".residual", h, h, 1, 1, MaskType::B, gh, gh);
        }
    }
    m_head.add(p, h, h, K, C);
}

template <typename T>
std::unique_ptr<ModelCache> GatedPixelCnn<T>::make_cache() const {
    return std::make_unique<GatedCache<T>>();
}

template <typename T>
void GatedPixelCnn<T>::forward(Tensor4<T>& logits, ModelCache& cache_base,
                               const Tensor4<T>& x) const {
    this->check_input(x);
    auto& c = dynamic_cast<GatedCache<T>&>(cache_base);
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h, C = cfg.channels;
    const std::size_t HW = std::size_t(H) * W, s2h = 2 * std::size_t(h) * HW,
                      sh = std::size_t(h) * HW, sC = std::size_t(C) * HW,
                      sK = std::size_t(cfg.logits()) * HW;
    const std::size_t nS = m_stages.size();
    c.B = B;
    for (auto* v : {&c.av, &c.actv, &c.acth, &c.v, &c.g, &c.t}) v->resize(nS);
    for (std::size_t s = 0; s < nS; ++s) {
        c.av[s].resize(B * s2h), c.actv[s].resize(B * s2h), c.acth[s].resize(B * s2h);
        c.v[s].resize(B * sh), c.g[s].resize(B * sh), c.t[s].resize(s > 0 ? B * sh : 0);
    }
    c.ah.resize(s2h), c.pre.resize(s2h), c.r4.resize(B * sh), c.r5.resize(B * s2h);
    logits.resize({std::size_t(B), std::size_t(cfg.logits()), std::size_t(H), std::size_t(W)});

    scale_input(c.u, x, cfg);
    for (int b = 0; b < B; ++b) {
        for (std::size_t s = 0; s < nS; ++s) {
            const Stage& st = m_stages[s];
            T* av = c.av[s].data() + b * s2h;
            T* v = c.v[s].data() + b * sh;
            T* g = c.g[s].data() + b * sh;
            const T* vin = s == 0 ? c.u.data() + b * sC : c.v[s - 1].data() + b * sh;
            const T* gin = s == 0 ? c.u.data() + b * sC : c.g[s - 1].data() + b * sh;
            st.vertical.forward(av, c.scratch, vin, p, 1, H, W);        // (1) / (5)
            gate_forward(v, c.actv[s].data() + b * s2h, av, h, HW);     // (2) / (6)
            st.horizontal.forward(c.ah.data(), c.scratch, gin, p, 1, H, W);  // (3) / (7)
            st.link.forward(c.pre.data(), c.scratch, av, p, 1, H, W);
            for (std::size_t k = 0; k < s2h; ++k) c.ah[k] += c.pre[k];
            if (s == 0) {
                gate_forward(g, c.acth[s].data() + b * s2h, c.ah.data(), h, HW);  // (4)
            } else {
                T* t = c.t[s].data() + b * sh;
                gate_forward(t, c.acth[s].data() + b * s2h, c.ah.data(), h, HW);  // (8)
                st.residual.forward(g, c.scratch, t, p, 1, H, W);                  // (9)
                for (std::size_t k = 0; k < sh; ++k) g[k] += gin[k];
            }
        }
        m_head.forward(logits.data() + b * sK, c.r4.data() + b * sh, c.r5.data() + b * s2h,
                       c.pre.data(), c.scratch, c.g[nS - 1].data() + b * sh, p, H, W);  // (10)
    }
}

template <typename T>
void GatedPixelCnn<T>::backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                                ModelCache& cache_base, const Tensor4<T>& x) const {
    this->check_input(x);
    auto& c = forward_cache<GatedCache<T>>(cache_base, dlogits, x, "gated");
    const ModelConfig& cfg = this->m_config;
    const ParamList<T>& p = this->m_params;
    const int B = int(x.shape(0)), H = cfg.height, W = cfg.width, h = cfg.h, C = cfg.channels;
    const std::size_t HW = std::size_t(H) * W, s2h = 2 * std::size_t(h) * HW,
                      sh = std::size_t(h) * HW, sC = std::size_t(C) * HW,
                      sK = std::size_t(cfg.logits()) * HW;
    c.dg.resize(sh), c.dv.resize(sh), c.dv2.resize(sh), c.dt.resize(sh);
    c.dav.resize(s2h), c.dah.resize(s2h), c.dwide.resize(s2h);
    c.du.resize(sC);
    if (dx) prepare_dx(*dx, x);
    for (int b = 0; b < B; ++b) {
        const T* u = c.u.data() + b * sC;
        zero(c.dg), zero(c.dv), zero(c.du);
        // (10) the head   so: dg_L += head^T dlogits
        m_head.backward(c.dg.data(), dparams, c.dwide.data(), c.dt.data(), c.scratch,
                        dlogits.data() + b * sK, c.r4.data() + b * sh, c.r5.data() + b * s2h, p,
                        H, W);
        for (std::size_t s = m_stages.size(); s-- > 0;) {
            const Stage& st = m_stages[s];
            const T* av = c.av[s].data() + b * s2h;
            const T* vin = s == 0 ? u : c.v[s - 1].data() + b * sh;
            const T* gin = s == 0 ? u : c.g[s - 1].data() + b * sh;
            zero(c.dah);
            if (s == 0) {
                // (4) g_0 = gate(a_h0)
                gate_backward(c.dah.data(), c.dg.data(), c.acth[s].data() + b * s2h, h, HW);
            } else {
                // (9) g_i = g_{i-1} + residual(t)   so: dg_{i-1} = dg_i (kept); dt = residual^T dg
                zero(c.dt);
                st.residual.backward(c.dt.data(), dparams, c.scratch, c.dg.data(),
                                     c.t[s].data() + b * sh, p, 1, H, W);
                // (8) t = gate(a_h)
                gate_backward(c.dah.data(), c.dt.data(), c.acth[s].data() + b * s2h, h, HW);
            }
            // (3) / (7) a_h = horizontal(g_{i-1} or u) + link(a_v)
            //     so: dg_{i-1} (or du) += horizontal^T da_h; da_v = link^T da_h
            st.horizontal.backward(s == 0 ? (dx ? c.du.data() : nullptr) : c.dg.data(), dparams, c.scratch,
                                   c.dah.data(), gin, p, 1, H, W);
            zero(c.dav);
            st.link.backward(c.dav.data(), dparams, c.scratch, c.dah.data(), av, p, 1, H, W);
            // (2) / (6) v = gate(a_v)   so: da_v += gate'(dv)
            gate_backward(c.dav.data(), c.dv.data(), c.actv[s].data() + b * s2h, h, HW);
            // (1) / (5) a_v = vertical(v_{i-1} or u)   so: dv_{i-1} (or du) += vertical^T da_v
            if (s == 0) {
                st.vertical.backward(dx ? c.du.data() : nullptr, dparams, c.scratch, c.dav.data(), vin, p, 1, H,
                                     W);
            } else {
                zero(c.dv2);
                st.vertical.backward(c.dv2.data(), dparams, c.scratch, c.dav.data(), vin, p, 1, H,
                                     W);
                std::swap(c.dv, c.dv2);
            }
        }
        if (dx) add_input_gradient(*dx, b, c.du.data(), cfg);
    }
}

#define PS_GATED_INSTANTIATE(T)                                                       \
    template void gate_forward<T>(T*, T*, const T*, int, std::size_t);                \
    template void gate_backward<T>(T*, const T*, const T*, int, std::size_t);         \
    template class GatedPixelCnn<T>;
PS_GATED_INSTANTIATE(float)
PS_GATED_INSTANTIATE(double)
#undef PS_GATED_INSTANTIATE

}  // namespace ps::engine
