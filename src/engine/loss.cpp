#include "engine/loss.hpp"

#include <algorithm>
#include <cmath>

namespace ps::engine {

const char* to_string(OutputKind kind) {
    return kind == OutputKind::bernoulli ? "bernoulli" : "softmax256";
}

bool parse_output_kind(const std::string& text, OutputKind& out) {
    if (text == "bernoulli") out = OutputKind::bernoulli;
    else if (text == "softmax256") out = OutputKind::softmax256;
    else return false;
    return true;
}

int logits_per_pixel(OutputKind kind, int channels) {
    return kind == OutputKind::bernoulli ? channels : 256 * channels;
}

double bits_per_dim(double nats_per_image, int channels, int height, int width) {
    return nats_per_image / (double(height) * width * channels * std::log(2.0));
}

namespace {

void check_shapes(const char* what, std::size_t k_logits, std::size_t b_logits,
                  const std::vector<std::size_t>& ls, const std::vector<std::size_t>& xs,
                  OutputKind kind) {
    const std::size_t expect_k = std::size_t(logits_per_pixel(kind, int(xs[1])));
    if (b_logits != xs[0] || k_logits != expect_k || ls[2] != xs[2] || ls[3] != xs[3])
        throw EngineError(std::string(what) + ": logits " + shape_string(ls) +
                          " do not fit x " + shape_string(xs) + " for " + to_string(kind) +
                          " (expected K = " + std::to_string(expect_k) + ")");
}

template <typename T>
T softplus(T l) {  // log(1 + e^l), stable for large |l|
    return l > T(0) ? l + std::log1p(std::exp(-l)) : std::log1p(std::exp(l));
}

// over one pixel's 256 logits l[v * stride]: m = max_v l, s = sum_v e^(l - m), so that
// logsumexp = m + log s without overflow
template <typename T>
void max_and_sum_exp(const T* l, std::size_t stride, T& m, T& s) {
    m = l[0];
    for (std::size_t v = 1; v < 256; ++v) m = std::max(m, l[v * stride]);
    s = 0;
    for (std::size_t v = 0; v < 256; ++v) s += std::exp(l[v * stride] - m);
}

template <typename T>
void check(const char* what, const Tensor4<T>& logits, const Tensor4<T>& x, OutputKind kind) {
    std::vector<std::size_t> ls(logits.shape().begin(), logits.shape().end());
    std::vector<std::size_t> xs(x.shape().begin(), x.shape().end());
    check_shapes(what, ls[1], ls[0], ls, xs, kind);
}

}  // namespace

template <typename T>
void nll_forward(T* nll, const Tensor4<T>& logits, const Tensor4<T>& x, OutputKind kind) {
    check("nll_forward", logits, x, kind);
    const std::size_t B = x.shape(0), C = x.shape(1), HW = x.shape(2) * x.shape(3);
    for (std::size_t b = 0; b < B; ++b) {
        T acc = 0;
        for (std::size_t c = 0; c < C; ++c) {
            const T* xp = x.data() + (b * C + c) * HW;
            if (kind == OutputKind::bernoulli) {
                const T* lp = logits.data() + (b * C + c) * HW;
                for (std::size_t p = 0; p < HW; ++p) acc += softplus(lp[p]) - xp[p] * lp[p];  // (1)
            } else {
                const T* lc = logits.data() + (b * 256 * C + 256 * c) * HW;  // (256, H*W)
                for (std::size_t p = 0; p < HW; ++p) {
                    T m, s;
                    max_and_sum_exp(lc + p, HW, m, s);
                    const std::size_t target = std::size_t(std::clamp(int(xp[p]), 0, 255));
                    acc += m + std::log(s) - lc[target * HW + p];  // (3)
                }
            }
        }
        nll[b] = acc;
    }
}

template <typename T>
void nll_backward(Tensor4<T>& dlogits, const Tensor4<T>& logits, const Tensor4<T>& x,
                  OutputKind kind, T scale) {
    check("nll_backward", logits, x, kind);
    const std::size_t B = x.shape(0), C = x.shape(1), HW = x.shape(2) * x.shape(3);
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t c = 0; c < C; ++c) {
            const T* xp = x.data() + (b * C + c) * HW;
            if (kind == OutputKind::bernoulli) {
                // forward was: nll = softplus(l) - x*l   so: dl += scale * (sigmoid(l) - x)   (2)
                const T* lp = logits.data() + (b * C + c) * HW;
                T* dp = dlogits.data() + (b * C + c) * HW;
                for (std::size_t p = 0; p < HW; ++p)
                    dp[p] += scale * (T(1) / (T(1) + std::exp(-lp[p])) - xp[p]);
            } else {
                // forward was: nll = logsumexp(l_c) - l_{c,x}   so: dl += scale*(softmax - onehot) (4)
                const T* lc = logits.data() + (b * 256 * C + 256 * c) * HW;
                T* dc = dlogits.data() + (b * 256 * C + 256 * c) * HW;
                for (std::size_t p = 0; p < HW; ++p) {
                    T m, s;
                    max_and_sum_exp(lc + p, HW, m, s);
                    const std::size_t target = std::size_t(std::clamp(int(xp[p]), 0, 255));
                    for (std::size_t v = 0; v < 256; ++v)
                        dc[v * HW + p] += scale * (std::exp(lc[v * HW + p] - m) / s -
                                                   (v == target ? T(1) : T(0)));
                }
            }
        }
}

template void nll_forward<float>(float*, const Tensor4<float>&, const Tensor4<float>&, OutputKind);
template void nll_forward<double>(double*, const Tensor4<double>&, const Tensor4<double>&,
                                  OutputKind);
template void nll_backward<float>(Tensor4<float>&, const Tensor4<float>&, const Tensor4<float>&,
                                  OutputKind, float);
template void nll_backward<double>(Tensor4<double>&, const Tensor4<double>&,
                                   const Tensor4<double>&, OutputKind, double);

}  // namespace ps::engine
