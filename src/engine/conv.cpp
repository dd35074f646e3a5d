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
            if (y0 > 0) std::fill(dst, dst + std::ptrdiff_t(y0) * s.W, T(0));
            if (p1 > p0) std::memcpy(dst + p0, plane + p0 + off, sizeof(T) * std::size_t(p1 - p0));
            if (y1 < s.H) std::fill(dst + std::ptrdiff_t(y1) * s.W, dst + HW, T(0));
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

// the adjoint of im2col: dinp[i, y+dy_t, x+dx_t] += dcol[(i*T + t), y*W + x] where that is inside
// the image. Like im2col it works on whole flattened planes: the entries of dcol whose target
// wrapped around to the neighbouring row are zeroed first (dcol is scratch), so one contiguous
// add over [p0, p1) per (i, t) does the rest (adding an exact 0 changes nothing).
template <typename T>
void col2im_add(T* dinp, T* dcol, const ConvTaps& taps, const ConvShape& s) {
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
            T* src = dcol + std::size_t(i * nt + t) * std::size_t(HW);
            T* dst = dinp + std::size_t(i) * std::size_t(HW) + off;  // dst[p] = plane[p + off]
            if (x0 > 0 || x1 < s.W)
                for (int y = y0; y < y1; ++y) {
                    T* row = src + std::ptrdiff_t(y) * s.W;
                    for (int x = 0; x < x0; ++x) row[x] = T(0);
                    for (int x = x1; x < s.W; ++x) row[x] = T(0);
                }
            for (std::ptrdiff_t p = p0; p < p1; ++p) dst[p] += src[p];
        }
    }
}

// grows (never shrinks) a scratch buffer: the layers of a model take turns with one scratch, and
// a shrink followed by a grow would zero-fill the regrown part on every call
template <typename T>
T* scratch_of(std::vector<T>& scratch, std::size_t n) {
    if (scratch.size() < n) scratch.resize(n);
    return scratch.data();
}

// wp[o, i*T + t] = w[o, i, tap t]: the kept taps of w packed as a (C_out, C_in*T) matrix
template <typename T>
void pack_weights(T* wp, const T* w, const ConvTaps& taps, const ConvShape& s) {
    const int nt = taps.count(), K = s.in * nt, khw = s.kh * s.kw;
    for (int o = 0; o < s.out; ++o)
        for (int i = 0; i < s.in; ++i) {
            const T* wi = w + (std::size_t(o) * s.in + i) * std::size_t(khw);
            T* dst = wp + std::size_t(o) * K + std::size_t(i) * nt;
            for (int t = 0; t < nt; ++t)
                dst[t] = wi[taps.ky[std::size_t(t)] * s.kw + taps.kx[std::size_t(t)]];
        }
}

}  // namespace

template <typename T>
void conv2d_forward(T* out, std::vector<T>& scratch, const T* inp, const T* w, const T* bias,
                    const ConvTaps& taps, const ConvShape& s, bool accumulate) {
    const int HW = s.H * s.W;
    const bool pointwise = s.kh == 1 && s.kw == 1;
    const int nt = pointwise ? 1 : taps.count(), K = s.in * nt;
    // wp (C_out, C_in*T) packed once for the whole batch; col (C_in*T, H*W) one image
    const std::size_t wp_size = pointwise ? 0 : std::size_t(s.out) * K;
    const std::size_t col_size = pointwise ? 0 : std::size_t(K) * HW;
    T* wp = scratch_of(scratch, wp_size + col_size);
    T* col = wp + wp_size;
    if (!pointwise) pack_weights(wp, w, taps, s);
    for (int b = 0; b < s.B; ++b) {
        const T* inp_b = inp + std::size_t(b) * s.in * HW;  // (C_in, H*W)
        T* out_b = out + std::size_t(b) * s.out * HW;       // (C_out, H*W)
        for (int o = 0; o < s.out; ++o) {
            T* row = out_b + std::size_t(o) * HW;
            const T v = bias ? bias[o] : T(0);
            if (accumulate)
                for (int p = 0; p < HW; ++p) row[p] += v;
            else
                std::fill(row, row + HW, v);
        }
        if (K == 0) continue;  // every tap masked: out = bias
        if (pointwise) {
            gemm(false, false, s.out, HW, s.in, T(1), w, s.in, inp_b, HW, T(1), out_b, HW);
        } else {
            im2col(col, inp_b, taps, s);
            gemm(false, false, s.out, HW, K, T(1), wp, K, col, HW, T(1), out_b, HW);
        }
    }
}

// A kxk backward without im2col (for C_in >= k_taps_min_in, where each tap's GEMM has a useful
// K): per kept tap t, shift (dy, dx), off = dy*W + dx, the forward read inp[:, p + off] for the
// output pixels p of rows [y0, y1) and columns [x0, x1). The rows are the contiguous range
// [p0, p1) of the flattened plane; the columns are handled by a copy of dout whose columns
// outside [x0, x1) are zero (one copy per distinct dx, dx = 0 uses dout itself). Then
//   dw_t (C_out, C_in)    += dout_dx[:, p0:p1] @ inp[:, p0+off : p1+off]^T
//   dinp[:, p0+off:p1+off] += w_t^T @ dout_dx[:, p0:p1]
// which is (2)-(3) with the zero-padded taps left out, and no col (K, H*W) is ever written.
constexpr int k_taps_min_in = 8;

template <typename T>
void conv2d_backward_by_taps(T* dinp, T* dw, T* dbias, std::vector<T>& scratch, const T* dout,
                             const T* inp, const T* w, const T* mask, const ConvTaps& taps,
                             const ConvShape& s, bool overwrite_dinp) {
    const int HW = s.H * s.W, nt = taps.count(), cy = s.kh / 2, cx = s.kw / 2, khw = s.kh * s.kw;
    const std::size_t wsz = std::size_t(s.out) * s.in, plane_out = std::size_t(s.out) * HW;
    // scratch: wt, dwt (T, C_out, C_in); dout copies (kw, C_out, H*W), one per dx in -cx..cx
    T* wt = scratch_of(scratch, 2 * nt * wsz + std::size_t(s.kw) * plane_out);
    T* dwt = wt + nt * wsz;
    T* dvar = dwt + nt * wsz;
    for (int t = 0; t < nt; ++t) {
        const int pos = taps.ky[std::size_t(t)] * s.kw + taps.kx[std::size_t(t)];
        for (std::size_t oi = 0; oi < wsz; ++oi) wt[t * wsz + oi] = w[oi * khw + pos];
    }
    std::fill(dwt, dwt + nt * wsz, T(0));
    bool used_dx[64] = {};  // kw <= 63 (mask.hpp limits kernels to far less)
    for (int t = 0; t < nt; ++t) used_dx[taps.kx[std::size_t(t)]] = true;
    // The centre tap (mask B keeps it) covers every pixel: run it first, and with overwrite_dinp
    // let its GEMM write dinp (beta 0) instead of zeroing dinp beforehand.
    int first = 0;
    for (int t = 0; t < nt; ++t)
        if (taps.ky[std::size_t(t)] == cy && taps.kx[std::size_t(t)] == cx) first = t;
    const bool centre_first =
        taps.ky[std::size_t(first)] == cy && taps.kx[std::size_t(first)] == cx;
    for (int b = 0; b < s.B; ++b) {
        const T* dout_b = dout + std::size_t(b) * plane_out;             // (C_out, H*W)
        const T* inp_b = inp + std::size_t(b) * s.in * HW;               // (C_in, H*W)
        T* dinp_b = dinp ? dinp + std::size_t(b) * s.in * HW : nullptr;  // (C_in, H*W)
        if (dbias)
            for (int o = 0; o < s.out; ++o) dbias[o] += sum(dout_b + std::size_t(o) * HW, HW);
        if (dinp_b && overwrite_dinp && !centre_first)
            std::fill(dinp_b, dinp_b + std::size_t(s.in) * HW, T(0));
        // dout_dx: dout with the columns x whose source x + dx lies outside the image zeroed
        for (int kx = 0; kx < s.kw; ++kx) {
            const int dx = kx - cx;
            if (!used_dx[kx] || dx == 0) continue;
            T* dv = dvar + std::size_t(kx) * plane_out;
            std::copy(dout_b, dout_b + plane_out, dv);
            const int x0 = std::clamp(-dx, 0, s.W), x1 = std::clamp(s.W - dx, x0, s.W);
            for (std::size_t r = 0; r < std::size_t(s.out) * s.H; ++r) {
                T* row = dv + r * s.W;
                for (int x = 0; x < x0; ++x) row[x] = T(0);
                for (int x = x1; x < s.W; ++x) row[x] = T(0);
            }
        }
        for (int k = 0; k < nt; ++k) {
            const int t = k == 0 ? first : k <= first ? k - 1 : k;  // first, then the others
            const int dy = taps.ky[std::size_t(t)] - cy, dx = taps.kx[std::size_t(t)] - cx;
            const int off = dy * s.W + dx;
            const int y0 = std::clamp(-dy, 0, s.H), y1 = std::clamp(s.H - dy, y0, s.H);
            const int p0 = std::max(y0 * s.W, -off), p1 = std::min(y1 * s.W, HW - off);
            if (p1 <= p0) continue;  // the tap never lands inside the image
            const T* dv =
                dx == 0 ? dout_b : dvar + std::size_t(taps.kx[std::size_t(t)]) * plane_out;
            gemm(false, true, s.out, s.in, p1 - p0, T(1), dv + p0, HW, inp_b + p0 + off, HW, T(1),
                 dwt + t * wsz, s.in);
            if (dinp_b)
                gemm(true, false, s.in, p1 - p0, s.out, T(1), wt + t * wsz, s.in, dv + p0, HW,
                     k == 0 && centre_first && overwrite_dinp ? T(0) : T(1), dinp_b + p0 + off,
                     HW);
        }
    }
    // dw += mask * unpack(dwt)     (3): masked taps get no gradient, so they stay exact zeros
    for (int t = 0; t < nt; ++t) {
        const int pos = taps.ky[std::size_t(t)] * s.kw + taps.kx[std::size_t(t)];
        for (std::size_t oi = 0; oi < wsz; ++oi)
            dw[oi * khw + pos] += mask[oi * khw + pos] * dwt[t * wsz + oi];
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
    if (!pointwise && s.in >= k_taps_min_in && s.kw < 64)
        return conv2d_backward_by_taps(dinp, dw, dbias, scratch, dout, inp, w, mask, taps, s,
                                       overwrite_dinp);
    const int nt = pointwise ? 1 : taps.count(), K = s.in * nt;
    const std::size_t wsz = std::size_t(s.out) * K;
    // A 1x1 kernel's w is already the (C_out, C_in) matrix: its GEMMs read w and add into dw
    // directly (dw is masked once at the end). A kxk kernel uses scratch: wp, dwp (C_out, K) and
    // col, dcol (K, H*W).
    const std::size_t col_size = pointwise ? 0 : std::size_t(K) * HW;
    T* wp = scratch_of(scratch, pointwise ? 0 : 2 * wsz + 2 * col_size);
    T* dwp = wp + wsz;
    T* col = dwp + wsz;
    T* dcol = col + col_size;
    if (!pointwise) {
        pack_weights(wp, w, taps, s);
        std::fill(dwp, dwp + wsz, T(0));  // col and dcol are fully written before they are read
    }
    for (int b = 0; b < s.B; ++b) {
        const T* dout_b = dout + std::size_t(b) * s.out * HW;  // (C_out, H*W)
        const T* inp_b = inp + std::size_t(b) * s.in * HW;     // (C_in, H*W)
        T* dinp_b = dinp ? dinp + std::size_t(b) * s.in * HW : nullptr;
        if (dbias)
            for (int o = 0; o < s.out; ++o) dbias[o] += sum(dout_b + std::size_t(o) * HW, HW);
        if (K == 0) {
            if (dinp_b && overwrite_dinp) std::fill(dinp_b, dinp_b + std::size_t(s.in) * HW, T(0));
            continue;
        }
        if (pointwise) {
            gemm(false, true, s.out, s.in, HW, T(1), dout_b, HW, inp_b, HW, T(1), dw, s.in);
            if (dinp_b)
                gemm(true, false, s.in, HW, s.out, T(1), w, s.in, dout_b, HW,
                     overwrite_dinp ? T(0) : T(1), dinp_b, HW);
        } else {
            im2col(col, inp_b, taps, s);
            gemm(false, true, s.out, K, HW, T(1), dout_b, HW, col, HW, T(1), dwp, K);
            if (dinp_b) {
                gemm(true, false, K, HW, s.out, T(1), wp, K, dout_b, HW, T(0), dcol, HW);
                if (overwrite_dinp) std::fill(dinp_b, dinp_b + std::size_t(s.in) * HW, T(0));
                col2im_add(dinp_b, dcol, taps, s);
            }
        }
    }
    // (3): masked taps get no gradient, so they stay exact zeros
    if (pointwise) {
        // dw held zeros at masked entries and the GEMMs added into every entry: dw *= mask
        for (std::size_t k = 0; k < wsz; ++k) dw[k] *= mask[k];
        return;
    }
    // dw += mask * unpack(dwp)
    const int khw = s.kh * s.kw;
    for (int o = 0; o < s.out; ++o)
        for (int i = 0; i < s.in; ++i) {
            const std::size_t base = (std::size_t(o) * s.in + i) * std::size_t(khw);
            const T* src = dwp + std::size_t(o) * K + std::size_t(i) * nt;
            for (int t = 0; t < nt; ++t) {
                const std::size_t widx =
                    base + std::size_t(taps.ky[std::size_t(t)] * s.kw + taps.kx[std::size_t(t)]);
                dw[widx] += mask[widx] * src[t];
            }
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
                                    const ConvTaps&, const ConvShape&, bool);                   \
    template void conv2d_backward<T>(T*, T*, T*, std::vector<T>&, const T*, const T*, const T*, \
                                     const T*, const ConvTaps&, const ConvShape&, bool);        \
    template void relu_forward<T>(T*, const T*, std::size_t);                                   \
    template void relu_backward<T>(T*, const T*, const T*, std::size_t);                        \
    template void relu_backward_inplace<T>(T*, const T*, std::size_t);
PS_INSTANTIATE_CONV(float)
PS_INSTANTIATE_CONV(double)
#undef PS_INSTANTIATE_CONV

}  // namespace ps::engine
