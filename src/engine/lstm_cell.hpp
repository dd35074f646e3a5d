// The LSTM cell both PixelRNN layers share (van den Oord et al. 2016, eq. 3 of "Pixel Recurrent
// Neural Networks"), element-wise over N positions that are computed at once (a row of the Row
// LSTM, a skewed column of the Diagonal BiLSTM).
//
//   pre (4h, N): the gate pre-activations in the order o, f, i, g (rows [0,h) [h,2h) [2h,3h)
//   [3h,4h)), leading dimension ld (a position n of feature k is pre[k * ld + n]).
//   (1)  o = sigmoid(pre_o)   f = sigmoid(pre_f)   i = sigmoid(pre_i)   g = tanh(pre_g)
//   (2)  c = f * c_prev + i * g
//   (3)  h = o * tanh(c)
// Forward overwrites pre with the activated gates (o, f, i, g), which is all backward needs
// besides c and c_prev. Gradient buffers follow the engine's rule: backward ADDS into dc_prev; dh
// and dc_next are read; dpre is written (it is the gate's local gradient, owned by the caller).
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace ps::engine {

template <typename T>
inline T sigmoid(T x) {
    return T(1) / (T(1) + std::exp(-x));
}

// tanh(x) = 2 sigmoid(2x) - 1: one exp. glibc's tanhf goes through expm1f, which took 55% of a
// Row LSTM training step (perf); exp is 5x cheaper. Absolute error ~1 ulp of 1, and exact limits
// (exp overflows to inf: -1; underflows to 0: +1).
template <typename T>
inline T fast_tanh(T x) {
    return T(2) / (T(1) + std::exp(T(-2) * x)) - T(1);
}

// gates (4h, ld) in: pre-activations, out: activations. c_prev may be nullptr (zero state).
template <typename T>
void lstm_cell_forward(T* h_out, T* c_out, T* gates, const T* c_prev, int h, int N,
                       std::size_t ld_gates, std::size_t ld_state, std::size_t ld_hout) {
    for (int k = 0; k < h; ++k) {
        T* o = gates + std::size_t(k) * ld_gates;
        T* f = gates + std::size_t(h + k) * ld_gates;
        T* i = gates + std::size_t(2 * h + k) * ld_gates;
        T* g = gates + std::size_t(3 * h + k) * ld_gates;
        T* c = c_out + std::size_t(k) * ld_state;
        const T* cp = c_prev ? c_prev + std::size_t(k) * ld_state : nullptr;
        T* hh = h_out + std::size_t(k) * ld_hout;
        for (int n = 0; n < N; ++n) {
            o[n] = sigmoid(o[n]);                                   // (1)
            f[n] = sigmoid(f[n]);
            i[n] = sigmoid(i[n]);
            g[n] = fast_tanh(g[n]);
            c[n] = (cp ? f[n] * cp[n] : T(0)) + i[n] * g[n];        // (2)
            hh[n] = o[n] * fast_tanh(c[n]);                         // (3)
        }
    }
}

// dpre (4h, ld_gates) = dL/dpre; dc_prev (if given) += f * dc.
template <typename T>
void lstm_cell_backward(T* dpre, T* dc_prev, const T* dh, const T* dc_next, const T* gates,
                        const T* c, const T* c_prev, int h, int N, std::size_t ld_gates,
                        std::size_t ld_state, std::size_t ld_dh) {
    for (int k = 0; k < h; ++k) {
        const T* o = gates + std::size_t(k) * ld_gates;
        const T* f = gates + std::size_t(h + k) * ld_gates;
        const T* i = gates + std::size_t(2 * h + k) * ld_gates;
        const T* g = gates + std::size_t(3 * h + k) * ld_gates;
        T* d_o = dpre + std::size_t(k) * ld_gates;
        T* d_f = dpre + std::size_t(h + k) * ld_gates;
        T* d_i = dpre + std::size_t(2 * h + k) * ld_gates;
        T* d_g = dpre + std::size_t(3 * h + k) * ld_gates;
        const T* cc = c + std::size_t(k) * ld_state;
        const T* cp = c_prev ? c_prev + std::size_t(k) * ld_state : nullptr;
        const T* dcn = dc_next ? dc_next + std::size_t(k) * ld_state : nullptr;
        T* dcp = dc_prev ? dc_prev + std::size_t(k) * ld_state : nullptr;
        const T* dhh = dh + std::size_t(k) * ld_dh;
        for (int n = 0; n < N; ++n) {
            // forward was: h = o * tanh(c)   so: do = dh * tanh(c); dc += dh * o * (1 - tanh^2 c)
            const T tc = fast_tanh(cc[n]);
            const T dc = (dcn ? dcn[n] : T(0)) + dhh[n] * o[n] * (T(1) - tc * tc);
            const T dov = dhh[n] * tc;
            // forward was: c = f * c_prev + i * g   so: df = c_prev dc; di = g dc; dg = i dc;
            // dc_prev += f dc
            const T cpv = cp ? cp[n] : T(0);
            if (dcp) dcp[n] += f[n] * dc;
            // (1) through the activations: sigmoid' = s (1 - s), tanh' = 1 - t^2
            d_o[n] = dov * o[n] * (T(1) - o[n]);
            d_f[n] = cpv * dc * f[n] * (T(1) - f[n]);
            d_i[n] = g[n] * dc * i[n] * (T(1) - i[n]);
            d_g[n] = i[n] * dc * (T(1) - g[n] * g[n]);
        }
    }
}

// group of gate feature j (4h gates o|f|i|g) = group of hidden unit j mod h, so the four gates of
// a unit share its channel group (DESIGN §2: masks with channel groups)
std::vector<int> lstm_gate_groups(int h, int groups);

}  // namespace ps::engine
