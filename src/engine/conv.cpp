#include "engine/conv.hpp"

#include <algorithm>
#include <cstring>

#include "engine/gemm.hpp"

namespace ps::engine {

// 1. taps ----------------------------------------------------------------------------------------

template <typename T>
ConvTaps kept_taps(const Tensor4<T>& mask) {
    ConvTaps taps;
    for (std::size_t ky = 0; ky < mask.shape(2); ++ky)
        for (std::size_t kx = 0; kx < mask.shape(3); ++kx) {
            bool any = false;
            for (std::size_t o = 0; o < mask.shape(0) && !any; ++o)
                for (std::size_t i = 0; i < mask.shape(1) && !any; ++i)
                    any = mask(o, i, ky, kx) != T(0);
            if (any) {
                taps.ky.push_back(int(ky));
                taps.kx.push_back(int(kx));
            }
        }
    return taps;
}

// 2. reference -----------------------------------------------------------------------------------

template <typename T>
void conv2d_forward_ref(T* out, const T* inp, const T* w, const T* bias, const T* mask,
                        const ConvShape& s) {
    const int cy = s.kh / 2, cx = s.kw / 2;
    for (int b = 0; b < s.B; ++b)
        for (int o = 0; o < s.out; ++o)
            for (int y = 0; y < s.H; ++y)
                for (int x = 0; x < s.W; ++x) {
                    T acc = bias ? bias[o] : T(0);  // (1)
                    for (int i = 0; i < s.in; ++i)
                        for (int ky = 0; ky < s.kh; ++ky)
                            for (int kx = 0; kx < s.kw; ++kx) {
                                const int sy = y + ky - cy, sx = x + kx - cx;
                                if (sy < 0 || sy >= s.H || sx < 0 || sx >= s.W) continue;
                                const std::size_t widx =
                                    ((std::size_t(o) * s.in + i) * s.kh + ky) * s.kw + kx;
                                acc += w[widx] * mask[widx] *
                                       inp[((std::size_t(b) * s.in + i) * s.H + sy) * s.W + sx];
                            }
                    out[((std::size_t(b) * s.out + o) * s.H + y) * s.W + x] = acc;
                }
}

template <typename T>
void conv2d_backward_ref(T* dinp, T* dw, T* dbias, const T* dout, const T* inp, const T* w,
                         const T* mask, const ConvShape& s) {
    // forward was: out[b,o,y,x] = bias[o] + sum w[o,i,ky,kx]*mask*inp[b,i,y+ky-cy,x+kx-cx]
    // so: dbias[o] += dout; dw += mask*dout*inp; dinp += w*mask*dout   (equations (2)-(4))
    const int cy = s.kh / 2, cx = s.kw / 2;
    for (int b = 0; b < s.B; ++b)
        for (int o = 0; o < s.out; ++o)
            for (int y = 0; y < s.H; ++y)
                for (int x = 0; x < s.W; ++x) {
                    const T d = dout[((std::size_t(b) * s.out + o) * s.H + y) * s.W + x];
                    if (dbias) dbias[o] += d;
                    for (int i = 0; i < s.in; ++i)
                        for (int ky = 0; ky < s.kh; ++ky)
                            for (int kx = 0; kx < s.kw; ++kx) {
                                const int sy = y + ky - cy, sx = x + kx - cx;
                                if (sy < 0 || sy >= s.H || sx < 0 || sx >= s.W) continue;
                                const std::size_t widx =
                                    ((std::size_t(o) * s.in + i) * s.kh + ky) * s.kw + kx;
                                const std::size_t iidx =
                                    ((std::size_t(b) * s.in + i) * s.H + sy) * s.W + sx;
                                dw[widx] += mask[widx] * d * inp[iidx];
                                if (dinp) dinp[iidx] += w[widx] * mask[widx] * d;
                            }
                }
}

// 3. fast path -----------------------------------------------------------------------------------

namespace {

// col[(i*T + t), y*W + x] = inp[i, y+dy_t, x+dx_t] (0 outside)        (C_in*T, H*W)
// A tap is a shift of the whole flattened plane by dy*W + dx: one memcpy per (i, t), then the
// few entries whose source lies outside the image (rows above/below, and the column that wrapped
// around to the neighbouring row) are set to zero.
template <typename T>
void im2col(T* col, const T* inp, const ConvTaps& taps, const ConvShape& s) {
    const int nt = taps.count(), cy = s.kh / 2, cx = s.kw / 2;
    const std::ptrdiff_t HW = std::ptrdiff_t(s.H) * s.W;
    for (int t = 0; t < nt; ++t) {
        const int dy = taps.ky[std::size_t(t)] - cy, dx = taps.kx[std::size_t(t)] - cx;
        const std::ptrdiff_t off = std::ptrdiff_t(dy) * s.W + dx;
        const int y0 = std::clamp(-dy, 0, s.H), y1 = std::clamp(s.H - dy, y0, s.H);
        const int x0 = std::clamp(-dx, 0, s.W), x1 = std::clamp(s.W - dx, x0, s.W);
        const std::ptrdiff_t p0 = std::max<std::ptrdiff_t>(std::ptrdiff_t(y0) * s.W, -off);
        const std::ptrdiff_t p1 = std::min<std::ptrdiff_t>(std::ptrdiff_t(y1) * s.W, HW - off);
        for (int i = 0; i < s.in; ++i) {
            T* dst = col + std::size_t(i * nt + t) * std::size_t(HW);
            const T* plane = inp + std::size_t(i) * std::size_t(HW);
            std::fill(dst, dst + std::ptrdiff_t(y0) * s.W, T(0));
            if (p1 > p0) std::memcpy(dst + p0, plane + p0 + off, sizeof(T) * std::size_t(p1 - p0));
            std::fill(dst + std::ptrdiff_t(y1) * s.W, dst + HW, T(0));
            if (x0 > 0 || x1 < s.W)
                for (int y = y0; y < y1; ++y) {
                    T* row = dst + std::ptrdiff_t(y) * s.W;
                    for (int x = 0; x < x0; ++x) row[x] = T(0);
                    for (int x = x1; x < s.W; ++x) row[x] = T(0);
                }
        }
    }
}

// sum of n values in 32 independent lanes (four 8-wide vectors, so the adds do not wait on each
// other), which the compiler can vectorise without reassociating
template <typename T>
T sum(const T* v, int n) {
    T lane[32] = {};
    int p = 0;
    for (; p + 32 <= n; p += 32)
        for (int j = 0; j < 32; ++j) lane[j] += v[p + j];
    T acc = 0;
    for (; p < n; ++p) acc += v[p];
    for (int j = 0; j < 32; ++j) acc += lane[j];
    return acc;
}

// the adjoint of im2col: dinp[i, y+dy_t, x+dx_t] += dcol[(i*T + t), y*W + x]
template <typename T>
void col2im_add(T* dinp, const T* dcol, const ConvTaps& taps, const ConvShape& s) {
    const int nt = taps.count(), cy = s.kh / 2, cx = s.kw / 2;
    for (int i = 0; i < s.in; ++i)
        for (int t = 0; t < nt; ++t) {
            const int dy = taps.ky[std::size_t(t)] - cy, dx = taps.kx[std::size_t(t)] - cx;
            const T* src = dcol + std::size_t(i * nt + t) * s.H * s.W;
            T* plane = dinp + std::size_t(i) * s.H * s.W;
            const int x0 = std::max(0, -dx), x1 = std::min(s.W, s.W - dx);
            for (int y = 0; y < s.H; ++y, src += s.W) {
                const int sy = y + dy;
                if (sy < 0 || sy >= s.H) continue;
                T* row = plane + std::size_t(sy) * s.W + dx;
                for (int x = x0; x < x1; ++x) row[x] += src[x];
            }
        }
}

}  // namespace

template <typename T>
void conv2d_forward(T* out, std::vector<T>& scratch, const T* inp, const T* w, const T* bias,
                    const ConvTaps& taps, const ConvShape& s) {
    const int HW = s.H * s.W;
    const bool pointwise = s.kh == 1 && s.kw == 1;
    const int nt = pointwise ? 1 : taps.count(), K = s.in * nt;
    // wp (C_out, C_in*T): the kept taps of w, packed once for the whole batch
    const std::size_t wp_size = pointwise ? 0 : std::size_t(s.out) * K;
    const std::size_t col_size = pointwise ? 0 : std::size_t(K) * HW;
    scratch.resize(wp_size + col_size);
    T* wp = scratch.data();
    T* col = scratch.data() + wp_size;
    if (!pointwise)
        for (int o = 0; o < s.out; ++o)
            for (int i = 0; i < s.in; ++i)
                for (int t = 0; t < nt; ++t)
                    wp[std::size_t(o) * K + i * nt + t] =
                        w[((std::size_t(o) * s.in + i) * s.kh + taps.ky[std::size_t(t)]) * s.kw +
                          taps.kx[std::size_t(t)]];
    for (int b = 0; b < s.B; ++b) {
        const T* inp_b = inp + std::size_t(b) * s.in * HW;  // (C_in, H*W)
        T* out_b = out + std::size_t(b) * s.out * HW;       // (C_out, H*W)
        for (int o = 0; o < s.out; ++o)
            std::fill(out_b + std::size_t(o) * HW, out_b + std::size_t(o + 1) * HW,
                      bias ? bias[o] : T(0));
        if (K == 0) continue;  // every tap masked: out = bias
        if (pointwise) {
            gemm(false, false, s.out, HW, s.in, T(1), w, s.in, inp_b, HW, T(1), out_b, HW);
        } else {
            im2col(col, inp_b, taps, s);
            gemm(false, false, s.out, HW, K, T(1), wp, K, col, HW, T(1), out_b, HW);
        }
    }
}

template <typename T>
void conv2d_backward(T* dinp, T* dw, T* dbias, std::vector<T>& scratch, const T* dout,
                     const T* inp, const T* w, const T* mask, const ConvTaps& taps,
                     const ConvShape& s, bool overwrite_dinp) {
    // forward was: out_b = wp @ col_b + bias
    // so: dbias += rowsum(dout_b); dwp += dout_b @ col_b^T; dcol_b = wp^T @ dout_b -> dinp_b
    const int HW = s.H * s.W;
    const bool pointwise = s.kh == 1 && s.kw == 1;
    const int nt = pointwise ? 1 : taps.count(), K = s.in * nt;
    const std::size_t wsz = std::size_t(s.out) * K;
    // scratch: wp, dwp (C_out, K); col, dcol (K, H*W). For 1x1 dwp is used (masked below).
    const std::size_t col_size = pointwise ? 0 : std::size_t(K) * HW;
    scratch.resize(2 * wsz + 2 * col_size);
    T* wp = scratch.data();
    T* dwp = wp + wsz;
    std::fill(dwp, dwp + wsz, T(0));  // col and dcol are fully written before they are read
    T* col = dwp + wsz;
    T* dcol = col + col_size;
    if (pointwise)
        std::copy(w, w + wsz, wp);
    else
        for (int o = 0; o < s.out; ++o)
            for (int i = 0; i < s.in; ++i)
                for (int t = 0; t < nt; ++t)
                    wp[std::size_t(o) * K + i * nt + t] =
                        w[((std::size_t(o) * s.in + i) * s.kh + taps.ky[std::size_t(t)]) * s.kw +
                          taps.kx[std::size_t(t)]];
    for (int b = 0; b < s.B; ++b) {
        const T* dout_b = dout + std::size_t(b) * s.out * HW;  // (C_out, H*W)
        const T* inp_b = inp + std::size_t(b) * s.in * HW;     // (C_in, H*W)
        if (dbias)
            for (int o = 0; o < s.out; ++o) dbias[o] += sum(dout_b + std::size_t(o) * HW, HW);
        if (K == 0) {
            if (dinp && overwrite_dinp)
                std::fill(dinp + std::size_t(b) * s.in * HW,
                          dinp + std::size_t(b + 1) * s.in * HW, T(0));
            continue;
        }
        if (pointwise) {
            gemm(false, true, s.out, s.in, HW, T(1), dout_b, HW, inp_b, HW, T(1), dwp, K);
            if (dinp)
                gemm(true, false, s.in, HW, s.out, T(1), wp, K, dout_b, HW,
                     overwrite_dinp ? T(0) : T(1), dinp + std::size_t(b) * s.in * HW, HW);
        } else {
            im2col(col, inp_b, taps, s);
            gemm(false, true, s.out, K, HW, T(1), dout_b, HW, col, HW, T(1), dwp, K);
            if (dinp) {
                gemm(true, false, K, HW, s.out, T(1), wp, K, dout_b, HW, T(0), dcol, HW);
                T* dinp_b = dinp + std::size_t(b) * s.in * HW;
                if (overwrite_dinp) std::fill(dinp_b, dinp_b + std::size_t(s.in) * HW, T(0));
                col2im_add(dinp_b, dcol, taps, s);
            }
        }
    }
    // dw += mask * unpack(dwp)     (3): masked taps get no gradient, so they stay exact zeros
    for (int o = 0; o < s.out; ++o)
        for (int i = 0; i < s.in; ++i)
            for (int t = 0; t < nt; ++t) {
                const std::size_t widx =
                    pointwise ? std::size_t(o) * s.in + i
                              : ((std::size_t(o) * s.in + i) * s.kh + taps.ky[std::size_t(t)]) *
                                        s.kw +
                                    taps.kx[std::size_t(t)];
                dw[widx] += mask[widx] * dwp[std::size_t(o) * K + i * nt + t];
            }
}

// 4. ReLU ----------------------------------------------------------------------------------------

template <typename T>
void relu_forward(T* out, const T* inp, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) out[k] = inp[k] > T(0) ? inp[k] : T(0);
}

template <typename T>
void relu_backward(T* dinp, const T* dout, const T* out, std::size_t n) {
    // forward was: out = max(inp, 0)   so: dinp += dout * [out > 0]
    for (std::size_t k = 0; k < n; ++k) dinp[k] += out[k] > T(0) ? dout[k] : T(0);
}

template <typename T>
void relu_backward_inplace(T* d, const T* out, std::size_t n) {
    // forward was: out = max(inp, 0)   so: dinp = dout * [out > 0], written over dout
    for (std::size_t k = 0; k < n; ++k) d[k] = out[k] > T(0) ? d[k] : T(0);
}

#define PS_INSTANTIATE_CONV(T)                                                                  \
    template ConvTaps kept_taps<T>(const Tensor4<T>&);                                          \
    template void conv2d_forward_ref<T>(T*, const T*, const T*, const T*, const T*,             \
                                        const ConvShape&);                                      \
    template void conv2d_backward_ref<T>(T*, T*, T*, const T*, const T*, const T*, const T*,    \
                                         const ConvShape&);                                     \
    template void conv2d_forward<T>(T*, std::vector<T>&, const T*, const T*, const T*,          \
                                    const ConvTaps&, const ConvShape&);                         \
    template void conv2d_backward<T>(T*, T*, T*, std::vector<T>&, const T*, const T*, const T*, \
                                     const T*, const ConvTaps&, const ConvShape&, bool);        \
    template void relu_forward<T>(T*, const T*, std::size_t);                                   \
    template void relu_backward<T>(T*, const T*, const T*, std::size_t);                        \
    template void relu_backward_inplace<T>(T*, const T*, std::size_t);
PS_INSTANTIATE_CONV(float)
PS_INSTANTIATE_CONV(double)
#undef PS_INSTANTIATE_CONV

}  // namespace ps::engine
