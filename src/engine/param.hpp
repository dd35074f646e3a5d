// Named parameters: what Adam updates, what checkpoints store, and how backward reports
// gradients.
//
// A Param is a flat buffer with a PyTorch layout (conv [out, in, kh, kw], 1-D conv [out, in, k],
// bias [out]) and a name from DESIGN.md §3 ("blocks.2.conv.weight"). Its mask is 1 where the
// value may be non-zero; masked entries of value and grad are exact zeros at all times (the mask
// is applied after init, to every gradient, and after every optimiser step).
#pragma once

#include <string>
#include <vector>

#include "engine/tensor.hpp"

namespace ps::engine {

template <typename T>
struct Param {
    std::string name;
    std::vector<std::size_t> shape;  // PyTorch layout
    Tensor1<T> value, grad, mask;    // flat, same size

    std::size_t size() const { return value.size(); }
};

// Gradients in the order of the model's params, one flat buffer each. Backward ADDS into them;
// each trainer thread owns one set, summed into Param::grad before the optimiser step.
template <typename T>
using Gradients = std::vector<Tensor1<T>>;

template <typename T>
class ParamList {
public:
    // Adds a zero-valued param with an all-ones mask; returns its index.
    int add(const std::string& name, std::vector<std::size_t> shape) {
        std::size_t n = 1;
        for (std::size_t d : shape) n *= d;
        Param<T> p;
        p.name = name;
        p.shape = std::move(shape);
        p.value = xt::zeros<T>({n});
        p.grad = xt::zeros<T>({n});
        p.mask = xt::ones<T>({n});
        m_params.push_back(std::move(p));
        return int(m_params.size()) - 1;
    }

    Param<T>& operator[](int i) { return m_params[std::size_t(i)]; }
    const Param<T>& operator[](int i) const { return m_params[std::size_t(i)]; }
    int size() const { return int(m_params.size()); }
    std::vector<Param<T>>& all() { return m_params; }
    const std::vector<Param<T>>& all() const { return m_params; }

    // index of `name`, or -1
    int find(const std::string& name) const {
        for (std::size_t i = 0; i < m_params.size(); ++i)
            if (m_params[i].name == name) return int(i);
        return -1;
    }

    std::size_t total_values() const {
        std::size_t n = 0;
        for (const auto& p : m_params) n += p.size();
        return n;
    }

    // A zeroed gradient set shaped like these params.
    Gradients<T> zero_gradients() const {
        Gradients<T> g;
        for (const auto& p : m_params) g.push_back(xt::zeros<T>({p.size()}));
        return g;
    }

    void zero_grad() {
        for (auto& p : m_params) std::fill(p.grad.begin(), p.grad.end(), T(0));
    }

private:
    std::vector<Param<T>> m_params;
};

}  // namespace ps::engine
