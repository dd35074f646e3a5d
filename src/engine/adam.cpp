#include "engine/adam.hpp"

#include <cmath>

namespace ps::engine {

template <typename T>
Adam<T>::Adam(ParamList<T>& params, AdamOptions options) : m_params(&params), m_options(options) {
    for (const auto& p : params.all()) {
        m_m.push_back(xt::zeros<T>({p.size()}));
        m_v.push_back(xt::zeros<T>({p.size()}));
    }
}

template <typename T>
void Adam<T>::step() {
    ++m_t;
    const double b1 = m_options.beta1, b2 = m_options.beta2;
    const T c1 = T(1.0 / (1.0 - std::pow(b1, double(m_t))));
    const T c2 = T(1.0 / (1.0 - std::pow(b2, double(m_t))));
    const T lr = T(m_options.lr), eps = T(m_options.eps);
    for (int k = 0; k < m_params->size(); ++k) {
        Param<T>& p = (*m_params)[k];
        T* m = m_m[std::size_t(k)].data();
        T* v = m_v[std::size_t(k)].data();
        for (std::size_t i = 0; i < p.size(); ++i) {
            const T g = p.grad[i] * p.mask[i];
            m[i] = T(b1) * m[i] + T(1 - b1) * g;                                  // (1)
            v[i] = T(b2) * v[i] + T(1 - b2) * g * g;                              // (2)
            p.value[i] -= lr * (m[i] * c1) / (std::sqrt(v[i] * c2) + eps);       // (3)
            if (p.mask[i] == T(0)) p.value[i] = T(0);  // (4), +0 exactly (not -0 from v * 0)
        }
    }
}

template class Adam<float>;
template class Adam<double>;

}  // namespace ps::engine
