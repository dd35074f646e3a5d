#include "engine/mask.hpp"

namespace ps::engine {

const char* to_string(MaskType type) {
    switch (type) {
    case MaskType::A: return "A";
    case MaskType::B: return "B";
    case MaskType::none: return "none";
    }
    return "?";
}

std::vector<int> contiguous_groups(int features, int groups) {
    std::vector<int> g(static_cast<std::size_t>(features > 0 ? features : 0));
    for (int j = 0; j < features; ++j) g[std::size_t(j)] = int((long(j) * groups) / features);
    return g;
}

std::vector<int> gated_groups(int features, int groups) {
    if (features % 2 != 0)
        throw EngineError("gated_groups: features must be even (2h), got " +
                          std::to_string(features));
    const int h = features / 2;
    const std::vector<int> half = contiguous_groups(h, groups);
    std::vector<int> g(static_cast<std::size_t>(features));
    for (int j = 0; j < features; ++j) g[std::size_t(j)] = half[std::size_t(j % h)];
    return g;
}

template <typename T>
Tensor4<T> build_mask(int out, int in, int kh, int kw, MaskType type,
                      const std::vector<int>& out_groups, const std::vector<int>& in_groups) {
    if (kh <= 0 || kw <= 0 || kh % 2 == 0 || kw % 2 == 0)
        throw EngineError("build_mask: kernel must be odd, got " + std::to_string(kh) + "x" +
                          std::to_string(kw));
    if (int(out_groups.size()) != out || int(in_groups.size()) != in)
        throw EngineError("build_mask: group lists have sizes " +
                          std::to_string(out_groups.size()) + ", " +
                          std::to_string(in_groups.size()) + " for a (" + std::to_string(out) +
                          ", " + std::to_string(in) + ") kernel");
    Tensor4<T> mask = xt::zeros<T>({std::size_t(out), std::size_t(in), std::size_t(kh),
                                    std::size_t(kw)});
    const int cy = kh / 2, cx = kw / 2;
    for (int o = 0; o < out; ++o)
        for (int i = 0; i < in; ++i)
            for (int ky = 0; ky < kh; ++ky)
                for (int kx = 0; kx < kw; ++kx) {
                    bool keep = true;
                    if (type != MaskType::none) {
                        if (ky > cy || (ky == cy && kx > cx)) keep = false;  // (1), (2)
                        if (ky == cy && kx == cx) {                          // (3)
                            const int gi = in_groups[std::size_t(i)];
                            const int go = out_groups[std::size_t(o)];
                            keep = type == MaskType::A ? gi < go : gi <= go;
                        }
                    }
                    mask(o, i, ky, kx) = keep ? T(1) : T(0);
                }
    return mask;
}

template <typename T>
std::string mask_picture(const Tensor4<T>& mask, int o, int i) {
    std::string s;
    for (std::size_t ky = 0; ky < mask.shape(2); ++ky) {
        for (std::size_t kx = 0; kx < mask.shape(3); ++kx)
            s += mask(std::size_t(o), std::size_t(i), ky, kx) != T(0) ? '1' : '0';
        s += '\n';
    }
    return s;
}

template Tensor4<float> build_mask<float>(int, int, int, int, MaskType, const std::vector<int>&,
                                          const std::vector<int>&);
template Tensor4<double> build_mask<double>(int, int, int, int, MaskType,
                                            const std::vector<int>&, const std::vector<int>&);
template std::string mask_picture<float>(const Tensor4<float>&, int, int);
template std::string mask_picture<double>(const Tensor4<double>&, int, int);

}  // namespace ps::engine
