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

template <typename T>
void Adam<T>::set_state(const AdamState<T>& state) {
    const std::size_t n = std::size_t(m_params->size());
    if (state.m.size() != n || state.v.size() != n || state.t < 0)
        throw EngineError("Adam::set_state: " + std::to_string(state.m.size()) + " first and " +
                          std::to_string(state.v.size()) + " second moments (t = " +
                          std::to_string(state.t) + ") for " + std::to_string(n) + " params");
    for (std::size_t k = 0; k < n; ++k) {
        const Param<T>& p = (*m_params)[int(k)];
        if (state.m[k].size() != p.size() || state.v[k].size() != p.size())
            throw EngineError("Adam::set_state: " + p.name + " has " + std::to_string(p.size()) +
                              " values, the saved moments " + std::to_string(state.m[k].size()) +
                              " and " + std::to_string(state.v[k].size()));
    }
    m_m = state.m;
    m_v = state.v;
    m_t = state.t;
}

template class Adam<float>;
template class Adam<double>;

}  // namespace ps::engine
