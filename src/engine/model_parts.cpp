#include "engine/model_parts.hpp"

namespace ps::engine {

template <typename T>
void scale_input(std::vector<T>& u, const Tensor4<T>& x, const ModelConfig& config) {
    const T s = input_scale<T>(config);
    u.resize(x.size());
    for (std::size_t k = 0; k < x.size(); ++k) u[k] = x.data()[k] * s;
}

template <typename T>
void prepare_dx(Tensor4<T>& dx, const Tensor4<T>& x) {
    if (dx.shape() == x.shape()) return;
    dx.resize(x.shape());
    std::fill(dx.begin(), dx.end(), T(0));
}

template <typename T>
void add_input_gradient(Tensor4<T>& dx, int b, const T* du, const ModelConfig& config) {
    const T s = input_scale<T>(config);
    const std::size_t sC = dx.shape(1) * dx.shape(2) * dx.shape(3);
    T* dxb = dx.data() + std::size_t(b) * sC;
    for (std::size_t k = 0; k < sC; ++k) dxb[k] += s * du[k];
}

template <typename T>
void Head<T>::add(ParamList<T>& params, int in, int h, int K, int C) {
    const auto g_in = contiguous_groups(in, C), g2h = contiguous_groups(2 * h, C),
               gK = contiguous_groups(K, C);
    head0.add(params, "head.0", in, 2 * h, 1, 1, MaskType::B, g2h, g_in);
    head1.add(params, "head.1", 2 * h, K, 1, 1, MaskType::B, gK, g2h);
}

template <typename T>
void Head<T>::forward(T* logits, T* r4, T* r5, T* pre, std::vector<T>& scratch, const T* z,
                      const ParamList<T>& params, int H, int W) const {
    const std::size_t HW = std::size_t(H) * W;
    relu_forward(r4, z, std::size_t(head0.shape.in) * HW);         // r4 = relu(z)
    head0.forward_relu(r5, pre, scratch, r4, params, 1, H, W);     // r5 = relu(head.0(r4))
    head1.forward(logits, scratch, r5, params, 1, H, W);            // logits = head.1(r5)
}

template <typename T>
void Head<T>::backward(T* dz, Gradients<T>& dparams, T* dr5, T* dr4, std::vector<T>& scratch,
                       const T* dlogits, const T* r4, const T* r5, const ParamList<T>& params,
                       int H, int W) const {
    const std::size_t HW = std::size_t(H) * W;
    // dr5 and dr4 are fresh: the layers write them (overwrite_dinp) instead of adding into zeros
    // logits = head.1(r5)   so: dr5 = head.1^T dlogits
    head1.backward(dr5, dparams, scratch, dlogits, r5, params, 1, H, W, true);
    // r5 = relu(head.0(r4))   so: dpre = dr5 * [r5 > 0] (in place); dr4 = head.0^T dpre
    relu_backward_inplace(dr5, r5, std::size_t(head0.shape.out) * HW);
    head0.backward(dr4, dparams, scratch, dr5, r4, params, 1, H, W, true);
    // r4 = relu(z)   so: dz += dr4 * [r4 > 0]
    relu_backward(dz, dr4, r4, std::size_t(head0.shape.in) * HW);
}

#define PS_INSTANTIATE_PARTS(T)                                                                 \
    template void scale_input<T>(std::vector<T>&, const Tensor4<T>&, const ModelConfig&);      \
    template void prepare_dx<T>(Tensor4<T>&, const Tensor4<T>&);                                \
    template void add_input_gradient<T>(Tensor4<T>&, int, const T*, const ModelConfig&);       \
    template struct Head<T>;
PS_INSTANTIATE_PARTS(float)
PS_INSTANTIATE_PARTS(double)
#undef PS_INSTANTIATE_PARTS

}  // namespace ps::engine
