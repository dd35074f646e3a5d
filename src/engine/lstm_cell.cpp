#include "engine/lstm_cell.hpp"

#include "engine/mask.hpp"

namespace ps::engine {

std::vector<int> lstm_gate_groups(int h, int groups) {
    const std::vector<int> unit = contiguous_groups(h, groups);
    std::vector<int> g(std::size_t(4 * h));
    for (int j = 0; j < 4 * h; ++j) g[std::size_t(j)] = unit[std::size_t(j % h)];
    return g;
}

}  // namespace ps::engine
