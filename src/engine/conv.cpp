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

// Where a kept tap (ky, kx) reads: shift (dy, dx) = (ky - kh/2, kx - kw/2), off = dy*W + dx in the
// flattened plane. Output pixel (y, x) reads (y + dy, x + dx), inside the image for rows [y0, y1)
// and columns [x0, x1); those rows are the flat range [p0, p1) (clipped so p + off stays in the
// plane). Within it, the columns outside [x0, x1) read a neighbouring row (they wrapped around).
struct TapShift {
    int dy, dx, off, y0, y1, x0, x1, p0, p1;
};

inline TapShift tap_shift(int ky, int kx, const ConvShape& s) {
    TapShift t{};
    t.dy = ky - s.kh / 2, t.dx = kx - s.kw / 2, t.off = t.dy * s.W + t.dx;
    t.y0 = std::clamp(-t.dy, 0, s.H), t.y1 = std::clamp(s.H - t.dy, t.y0, s.H);
    t.x0 = std::clamp(-t.dx, 0, s.W), t.x1 = std::clamp(s.W - t.dx, t.x0, s.W);
    t.p0 = std::max(t.y0 * s.W, -t.off), t.p1 = std::min(t.y1 * s.W, s.H * s.W - t.off);
    return t;
}

// plane (H, W): the columns outside [x0, x1) of rows [y0, y1) set to zero (strided stores: a
// column is one value per row)
template <typename T>
void zero_wrapped_columns(T* plane, const TapShift& t, int W) {
    for (int x = 0; x < t.x0; ++x)
        for (int y = t.y0; y < t.y1; ++y) plane[y * W + x] = T(0);
    for (int x = t.x1; x < W; ++x)
        for (int y = t.y0; y < t.y1; ++y) plane[y * W + x] = T(0);
}

// col[(i*T + t), y*W + x] = inp[i, y+dy_t, x+dx_t] (0 outside)        (C_in*T, H*W)
// A tap is a shift of the whole flattened plane by off: one memcpy per (i, t), then the few
// entries whose source lies outside the image (rows above/below, and the columns that wrapped
// around to the neighbouring row) are set to zero.
template <typename T>
void im2col(T* col, const T* inp, const ConvTaps& taps, const ConvShape& s) {
    const int nt = taps.count(), HW = s.H * s.W;
    for (int t = 0; t < nt; ++t) {
        const TapShift sh = tap_shift(taps.ky[std::size_t(t)], taps.kx[std::size_t(t)], s);
        for (int i = 0; i < s.in; ++i) {
            T* dst = col + std::size_t(i * nt + t) * std::size_t(HW);
            const T* plane = inp + std::size_t(i) * std::size_t(HW);
            if (sh.y0 > 0) std::fill(dst, dst + sh.y0 * s.W, T(0));
            if (sh.p1 > sh.p0)
                std::memcpy(dst + sh.p0, plane + sh.p0 + sh.off,
                            sizeof(T) * std::size_t(sh.p1 - sh.p0));
            if (sh.y1 < s.H) std::fill(dst + sh.y1 * s.W, dst + HW, T(0));
            zero_wrapped_columns(dst, sh, s.W);
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
    const int nt = taps.count(), HW = s.H * s.W;
    for (int t = 0; t < nt; ++t) {
        const TapShift sh = tap_shift(taps.ky[std::size_t(t)], taps.kx[std::size_t(t)], s);
        for (int i = 0; i < s.in; ++i) {
            T* src = dcol + std::size_t(i * nt + t) * std::size_t(HW);
            T* dst = dinp + std::size_t(i) * std::size_t(HW) + sh.off;  // dst[p] = plane[p + off]
            zero_wrapped_columns(src, sh, s.W);
            for (int p = sh.p0; p < sh.p1; ++p) dst[p] += src[p];
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

// out (C_out, H*W) = bias, or += bias when accumulating: what the GEMMs then add to
template <typename T>
void start_output(T* out, const T* bias, int C_out, int HW, bool accumulate) {
    for (int o = 0; o < C_out; ++o) {
        T* row = out + std::size_t(o) * HW;
        const T v = bias ? bias[o] : T(0);
        if (accumulate)
            for (int p = 0; p < HW; ++p) row[p] += v;
        else
            std::fill(row, row + HW, v);
    }
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

// 3b. kxk by taps, for C_in >= k_taps_min_in (each tap's GEMM then has a useful K) ---------------
// No col (C_in*T, H*W) is written. Per kept tap t with shift (dy, dx), off = dy*W + dx, output
// pixel p reads inp[:, p + off] when (y + dy, x + dx) is inside the image: rows [y0, y1), columns
// [x0, x1) of the output. The rows are the contiguous range [p0, p1) of the flattened plane; what
// is left are the columns whose read wrapped around to the neighbouring row. They are zeroed in a
// copy (one per distinct dx; dx = 0 needs none): of inp in the forward (columns no valid read
// uses), of dout in the backward (the wrapped outputs). Then, with w_t = w[:, :, tap t]:
//   out[:, p0:p1]          += w_t @ inp_dx[:, p0+off : p1+off]                          (1)
//   dinp[:, p0+off:p1+off] += w_t^T @ dout_dx[:, p0:p1]                                 (2)
//   dw_t                   += dout_dx[:, p0:p1] @ inp[:, p0+off : p1+off]^T             (3)
constexpr int k_taps_min_in = 8;

struct TapSpan {
    int t, kx;  // tap index, kernel column
    TapShift sh;
};

// The kept taps' spans, the centre tap (it covers every pixel) first when the mask keeps it, so
// its GEMM can write a fresh buffer (beta 0) instead of adding into a zeroed one.
struct TapPlan {
    std::vector<TapSpan> spans;
    bool centre_first = false;
    std::vector<int> dx_kx;  // kernel columns with dx != 0 that some tap uses
};

inline TapPlan plan_taps(const ConvTaps& taps, const ConvShape& s) {
    TapPlan plan;
    for (int t = 0; t < taps.count(); ++t) {
        const int kx = taps.kx[std::size_t(t)];
        const TapSpan span{t, kx, tap_shift(taps.ky[std::size_t(t)], kx, s)};
        if (span.sh.p1 <= span.sh.p0) continue;  // the tap never lands inside the image
        if (span.sh.dy == 0 && span.sh.dx == 0) {
            plan.spans.insert(plan.spans.begin(), span);
            plan.centre_first = true;
        } else {
            plan.spans.push_back(span);
        }
        if (span.sh.dx != 0 &&
            std::find(plan.dx_kx.begin(), plan.dx_kx.end(), kx) == plan.dx_kx.end())
            plan.dx_kx.push_back(kx);
    }
    return plan;
}

// dst (rows, W) = src with the columns outside [c0, c1) set to zero, in one pass
template <typename T>
void keep_columns(T* dst, const T* src, std::size_t rows, int W, int c0, int c1) {
    for (std::size_t r = 0; r < rows; ++r, dst += W, src += W)
        for (int x = 0; x < W; ++x) dst[x] = x >= c0 && x < c1 ? src[x] : T(0);
}

// wt[t, o, i] = w[o, i, tap t]        (T, C_out, C_in)
template <typename T>
void pack_weights_by_tap(T* wt, const T* w, const ConvTaps& taps, const ConvShape& s) {
    const std::size_t wsz = std::size_t(s.out) * s.in, khw = std::size_t(s.kh) * s.kw;
    for (int t = 0; t < taps.count(); ++t) {
        const std::size_t pos =
            std::size_t(taps.ky[std::size_t(t)] * s.kw + taps.kx[std::size_t(t)]);
        for (std::size_t oi = 0; oi < wsz; ++oi) wt[t * wsz + oi] = w[oi * khw + pos];
    }
}

template <typename T>
void conv2d_forward_by_taps(T* out, std::vector<T>& scratch, const T* inp, const T* w,
                            const T* bias, const ConvTaps& taps, const ConvShape& s,
                            bool accumulate) {
    const int HW = s.H * s.W, nt = taps.count();
    const std::size_t wsz = std::size_t(s.out) * s.in, plane_in = std::size_t(s.in) * HW;
    const TapPlan plan = plan_taps(taps, s);
    // scratch: wt (T, C_out, C_in); inp copies (kw, C_in, H*W), one per dx
    T* wt = scratch_of(scratch, nt * wsz + std::size_t(s.kw) * plane_in);
    T* ivar = wt + nt * wsz;
    pack_weights_by_tap(wt, w, taps, s);
    for (int b = 0; b < s.B; ++b) {
        const T* inp_b = inp + std::size_t(b) * plane_in;  // (C_in, H*W)
        T* out_b = out + std::size_t(b) * s.out * HW;      // (C_out, H*W)
        // without a bias to start from, the centre tap's GEMM writes out (beta 0)
        const bool write = !bias && !accumulate && plan.centre_first;
        if (!write) start_output(out_b, bias, s.out, HW, accumulate);
        // inp_dx: the columns a valid read of shift dx uses are [x0 + dx, x1 + dx)
        for (int kx : plan.dx_kx) {
            const int dx = kx - s.kw / 2;
            keep_columns(ivar + std::size_t(kx) * plane_in, inp_b, std::size_t(s.in) * s.H, s.W,
                         std::max(0, dx), std::min(s.W, s.W + dx));
        }
        for (std::size_t k = 0; k < plan.spans.size(); ++k) {
            const TapSpan& sp = plan.spans[k];
            const TapShift& t = sp.sh;
            const T* src = t.dx == 0 ? inp_b : ivar + std::size_t(sp.kx) * plane_in;
            gemm(false, false, s.out, t.p1 - t.p0, s.in, T(1), wt + sp.t * wsz, s.in,
                 src + t.p0 + t.off, HW, write && k == 0 ? T(0) : T(1), out_b + t.p0, HW);
        }
    }
}

template <typename T>
void conv2d_backward_by_taps(T* dinp, T* dw, T* dbias, std::vector<T>& scratch, const T* dout,
                             const T* inp, const T* w, const T* mask, const ConvTaps& taps,
                             const ConvShape& s, bool overwrite_dinp) {
    const int HW = s.H * s.W, nt = taps.count(), khw = s.kh * s.kw;
    const std::size_t wsz = std::size_t(s.out) * s.in, plane_out = std::size_t(s.out) * HW;
    const TapPlan plan = plan_taps(taps, s);
    // scratch: wt, dwt (T, C_out, C_in); dout copies (kw, C_out, H*W), one per dx
    T* wt = scratch_of(scratch, 2 * nt * wsz + std::size_t(s.kw) * plane_out);
    T* dwt = wt + nt * wsz;
    T* dvar = dwt + nt * wsz;
    pack_weights_by_tap(wt, w, taps, s);
    std::fill(dwt, dwt + nt * wsz, T(0));
    for (int b = 0; b < s.B; ++b) {
        const T* dout_b = dout + std::size_t(b) * plane_out;             // (C_out, H*W)
        const T* inp_b = inp + std::size_t(b) * s.in * HW;               // (C_in, H*W)
        T* dinp_b = dinp ? dinp + std::size_t(b) * s.in * HW : nullptr;  // (C_in, H*W)
        if (dbias)
            for (int o = 0; o < s.out; ++o) dbias[o] += sum(dout_b + std::size_t(o) * HW, HW);
        if (dinp_b && overwrite_dinp && !plan.centre_first)
            std::fill(dinp_b, dinp_b + std::size_t(s.in) * HW, T(0));
        // dout_dx: the output columns whose read stays inside the image are [x0, x1)
        for (int kx : plan.dx_kx) {
            const int dx = kx - s.kw / 2;
            const int x0 = std::clamp(-dx, 0, s.W), x1 = std::clamp(s.W - dx, x0, s.W);
            keep_columns(dvar + std::size_t(kx) * plane_out, dout_b, std::size_t(s.out) * s.H,
                         s.W, x0, x1);
        }
        for (std::size_t k = 0; k < plan.spans.size(); ++k) {
            const TapSpan& sp = plan.spans[k];
            const TapShift& t = sp.sh;
            const T* dv = t.dx == 0 ? dout_b : dvar + std::size_t(sp.kx) * plane_out;
            gemm(false, true, s.out, s.in, t.p1 - t.p0, T(1), dv + t.p0, HW, inp_b + t.p0 + t.off,
                 HW, T(1), dwt + sp.t * wsz, s.in);
            const bool write = k == 0 && plan.centre_first && overwrite_dinp;
            if (dinp_b)
                gemm(true, false, s.in, t.p1 - t.p0, s.out, T(1), wt + sp.t * wsz, s.in, dv + t.p0,
                     HW, write ? T(0) : T(1), dinp_b + t.p0 + t.off, HW);
        }
    }
    // dw += mask * unpack(dwt)     (3): masked taps get no gradient, so they stay exact zeros
    for (int t = 0; t < nt; ++t) {
        const int pos = taps.ky[std::size_t(t)] * s.kw + taps.kx[std::size_t(t)];
        for (std::size_t oi = 0; oi < wsz; ++oi)
            dw[oi * khw + pos] += mask[oi * khw + pos] * dwt[t * wsz + oi];
    }
}

}  // namespace

template <typename T>
void conv2d_forward(T* out, std::vector<T>& scratch, const T* inp, const T* w, const T* bias,
                    const ConvTaps& taps, const ConvShape& s, bool accumulate) {
    const int HW = s.H * s.W;
    const bool pointwise = s.kh == 1 && s.kw == 1;
    if (!pointwise && s.in >= k_taps_min_in)
        return conv2d_forward_by_taps(out, scratch, inp, w, bias, taps, s, accumulate);
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
        // without a bias to start from, the GEMM writes out (beta 0)
        const bool write = !bias && !accumulate && K > 0;
        if (!write) start_output(out_b, bias, s.out, HW, accumulate);
        if (K == 0) continue;  // every tap masked: out = bias
        const T beta = write ? T(0) : T(1);
        if (pointwise) {
            gemm(false, false, s.out, HW, s.in, T(1), w, s.in, inp_b, HW, beta, out_b, HW);
        } else {
            im2col(col, inp_b, taps, s);
            gemm(false, false, s.out, HW, K, T(1), wp, K, col, HW, beta, out_b, HW);
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
    if (!pointwise && s.in >= k_taps_min_in)
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
void bias_relu_forward(T* out, const T* inp, const T* bias, int B, int C, std::size_t n) {
    for (int b = 0; b < B; ++b)
        for (int c = 0; c < C; ++c) {
            const std::size_t base = (std::size_t(b) * C + c) * n;
            const T v = bias[c];
            for (std::size_t k = base; k < base + n; ++k) {
                const T a = inp[k] + v;
                out[k] = a > T(0) ? a : T(0);
            }
        }
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
    template void bias_relu_forward<T>(T*, const T*, const T*, int, int, std::size_t);          \
    template void relu_backward<T>(T*, const T*, const T*, std::size_t);                        \
    template void relu_backward_inplace<T>(T*, const T*, std::size_t);
PS_INSTANTIATE_CONV(float)
PS_INSTANTIATE_CONV(double)
#undef PS_INSTANTIATE_CONV

}  // namespace ps::engine
