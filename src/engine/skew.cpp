#include "engine/skew.hpp"

#include <algorithm>

namespace ps::engine {

template <typename T>
void skew_forward(T* out, const T* inp, int F, int H, int W) {
    const int S = skewed_width(H, W);
    std::fill(out, out + std::size_t(F) * H * S, T(0));
    unskew_backward(out, inp, F, H, W);  // (1) is (2)'s transpose applied to inp
}

template <typename T>
void skew_backward(T* dinp, const T* dout, int F, int H, int W) {
    const int S = skewed_width(H, W);
    for (int f = 0; f < F; ++f)
        for (int r = 0; r < H; ++r) {
            const T* src = dout + (std::size_t(f) * H + r) * S + r;
            T* dst = dinp + (std::size_t(f) * H + r) * W;
            for (int c = 0; c < W; ++c) dst[c] += src[c];
        }
}

template <typename T>
void unskew_forward(T* out, const T* inp, int F, int H, int W) {
    std::fill(out, out + std::size_t(F) * H * W, T(0));
    skew_backward(out, inp, F, H, W);  // (2) reads exactly what skew_backward adds
}

template <typename T>
void unskew_backward(T* dinp, const T* dout, int F, int H, int W) {
    const int S = skewed_width(H, W);
    for (int f = 0; f < F; ++f)
        for (int r = 0; r < H; ++r) {
            const T* src = dout + (std::size_t(f) * H + r) * W;
            T* dst = dinp + (std::size_t(f) * H + r) * S + r;
            for (int c = 0; c < W; ++c) dst[c] += src[c];
        }
}

#define PS_SKEW_INSTANTIATE(T)                                   \
    template void skew_forward<T>(T*, const T*, int, int, int);  \
    template void skew_backward<T>(T*, const T*, int, int, int); \
    template void unskew_forward<T>(T*, const T*, int, int, int); \
    template void unskew_backward<T>(T*, const T*, int, int, int);
PS_SKEW_INSTANTIATE(float)
PS_SKEW_INSTANTIATE(double)
#undef PS_SKEW_INSTANTIATE

}  // namespace ps::engine
