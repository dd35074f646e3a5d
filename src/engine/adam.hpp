// Adam (Kingma & Ba 2015) over a ParamList, keeping masked weights exact zeros.
//
//   g = grad * mask
//   (1)  m = b1 m + (1 - b1) g            (2)  v = b2 v + (1 - b2) g^2
//   (3)  value -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
//   (4)  value = 0 where mask = 0   (+0: the file a checkpoint holds shows plain zeros)
#pragma once

#include "engine/param.hpp"

namespace ps::engine {

struct AdamOptions {
    double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

// Everything Adam carries from one step to the next: the moments of (1), (2) and the step count
// t of the bias corrections in (3). A copy taken after step t and restored later makes the next
// step exactly the one that would have followed step t.
template <typename T>
struct AdamState {
    std::vector<Tensor1<T>> m, v;  // per param
    long long t = 0;
};

template <typename T>
class Adam {
public:
    Adam(ParamList<T>& params, AdamOptions options);
    void step();  // one update from every Param::grad (the grads are left as they are)
    long long steps() const { return m_t; }
    const AdamOptions& options() const { return m_options; }
    AdamState<T> state() const { return {m_m, m_v, m_t}; }
    // Throws EngineError (naming the param) if `state` was not taken from these params.
    void set_state(const AdamState<T>& state);

private:
    ParamList<T>* m_params;
    AdamOptions m_options;
    std::vector<Tensor1<T>> m_m, m_v;  // first and second moments, per param
    long long m_t = 0;
};

}  // namespace ps::engine
