// Analytic receptive fields (see receptive_field.hpp).
//
// Index
//   1. The dependency graph   maps of feature nodes (r, c, group) and their taps
//   2. The five architectures each layer of DESIGN §2 / docs/gated-pixelcnn.md as taps
//   3. Backward reachability  one target: mark nodes from the head down to the image
//   4. Forward sets           every target: a bit set of input (pixel, channel) per node
//   5. Classification and explanations
//
// The model as a graph. Every feature map of a layer is a "map" of nodes (r, c, g): position
// (r, c) and channel group g in 0..C-1 (with C = 1 there is one group; with C = 3 the groups are
// the contiguous thirds [R | G | B] of DESIGN §2). Hidden sizes never matter: all units of a group
// at one position have the same dependencies. A node depends on nodes of earlier maps (or, for a
// recurrence, on earlier nodes of its own map) through taps (dr, dc) with a group rule:
//   ALL  every group   (off-centre taps, and unmasked convs that only read strictly earlier pixels)
//   LE   groups <= g   (centre tap of mask B, every 1x1 mask B, the head)
//   LT   groups <  g   (centre tap of mask A)
//   EQ   group g       (residual skips and elementwise gates)
// Elementwise steps (ReLU, gates, c = f*c_prev + i*g) keep a node's set; 1x1 chains compose to
// one rule. The input image is map 0, whose node (r, c, g) depends on input channel g of (r, c).
#include "viz/receptive_field.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace ps::viz {

// ---------------------------------------------------------------------------------------------
// 1. The dependency graph
namespace {

enum class Rule : uint8_t { All, LessEq, Less, Equal };

struct Tap {
    int src;  // map index; == own index for a recurrence (then (dr, dc) precedes in process order)
    int dr, dc;
    Rule rule;
};

struct MapDef {
    std::vector<Tap> taps;
    bool right_to_left = false;  // process each row right to left (backward LSTM direction)
};

struct Net {
    std::vector<MapDef> maps;  // maps[0] is the input image
    // stage n = the input layer and the first n layers. head_map[n]: the map the 1x1 head reads
    // (-1: nothing, masked_stack before its first conv). carry[n]: the maps layer n+1 reads (for
    // the fixpoint test). last_map[n]: the last map index belonging to stage n.
    std::vector<int> head_map;
    std::vector<std::vector<int>> carry;
    std::vector<int> last_map;
};

// Half-open group range a rule admits for output group g of G.
inline void rule_range(Rule rule, int g, int groups, int& lo, int& hi) {
    switch (rule) {
        case Rule::All:
            lo = 0;
            hi = groups;
            break;
        case Rule::LessEq:
            lo = 0;
            hi = g + 1;
            break;
        case Rule::Less:
            lo = 0;
            hi = g;
            break;
        case Rule::Equal:
            lo = g;
            hi = g + 1;
            break;
    }
}

class NetBuilder {
public:
    Net net;
    NetBuilder() { net.maps.emplace_back(); }

    int add(MapDef def) {
        net.maps.push_back(std::move(def));
        return static_cast<int>(net.maps.size()) - 1;
    }
    int next_map() const { return static_cast<int>(net.maps.size()); }  // a recurrence's own index
    void end_stage(int head, std::vector<int> carry) {
        net.head_map.push_back(head);
        net.carry.push_back(std::move(carry));
        net.last_map.push_back(static_cast<int>(net.maps.size()) - 1);
    }

    // A k_h x k_w masked conv (DESIGN §2 masks): rows above the centre, the centre row left of the
    // centre (all groups), and the centre (LT for mask A, LE for mask B).
    static void masked_taps(MapDef& def, int src, int kh, int kw, bool mask_a) {
        for (int dr = -(kh / 2); dr <= 0; ++dr) {
            for (int dc = -(kw / 2); dc <= kw / 2; ++dc) {
                if (dr < 0 || dc < 0) def.taps.push_back({src, dr, dc, Rule::All});
            }
        }
        def.taps.push_back({src, 0, 0, mask_a ? Rule::Less : Rule::LessEq});
    }
};

// ---------------------------------------------------------------------------------------------
// 2. The five architectures, as taps. `depth` layers after the input layer.

// The shape PixelCNN, Row LSTM and Diagonal BiLSTM share: a k_in x k_in mask A input layer is
// stage 0, then each of `depth` layers adds its maps on x and returns its output map, which is
// both what the head reads after that stage and the only map the next layer reads.
template <class Layer>
Net build_input_then_layers(const ArchSpec& s, int depth, Layer layer) {
    NetBuilder b;
    MapDef in;
    NetBuilder::masked_taps(in, 0, s.input_kernel, s.input_kernel, true);
    int x = b.add(in);
    b.end_stage(x, {x});
    for (int l = 0; l < depth; ++l) {
        x = layer(b, x);
        b.end_stage(x, {x});
    }
    return std::move(b.net);
}

// PixelCNN(h, L): input 7x7 mask A, C -> 2h. Block: ReLU, 1x1 mask B 2h->h (reduce), ReLU, 3x3
// mask B h->h (conv), ReLU, 1x1 mask B h->2h (expand), + skip. With C = 3 the pointwise convs use
// the group mask B (an unmasked 1x1 would let R read G features that saw R of the same pixel).
// The chain reduce -> conv -> expand composes to: off-centre 3x3 taps ALL, centre LE; skip EQ.
Net build_pixelcnn(const ArchSpec& s, int depth) {
    return build_input_then_layers(s, depth, [&s](NetBuilder& b, int x) {
        MapDef blk;
        NetBuilder::masked_taps(blk, x, s.kernel, s.kernel, false);
        blk.taps.push_back({x, 0, 0, Rule::Equal});  // the residual skip
        return b.add(blk);
    });
}

// The textbook stack: L masked k x k convs, the first with mask A, the rest mask B, no skips.
// Stage n = the first n convs (stage 0 has seen nothing).
Net build_masked_stack(const ArchSpec& s, int depth) {
    NetBuilder b;
    b.end_stage(-1, {});
    int x = 0;
    for (int l = 0; l < depth; ++l) {
        MapDef conv;
        NetBuilder::masked_taps(conv, x, s.kernel, s.kernel, l == 0);
        x = b.add(conv);
        b.end_stage(x, {x});
    }
    return std::move(b.net);
}

// Row LSTM(h, L): input 7x7 mask A. Layer on x (2h):
//   input-to-state 1x3 mask B along the row: taps (r, c-1) all groups, (r, c) groups <= g
//   state-to-state width-3 conv over the previous row's h: taps (r-1, c-1), (r-1, c), (r-1, c+1),
//     no mask (it reads only row r-1, all earlier than row r)
//   c_r = f*c_{r-1} + i*g, h_r = o*tanh(c_r): elementwise, so the state at (r, c) also reaches
//     c_{r-1} at (r-1, c), already one of the taps
//   output 1x1 h->2h (group mask B with C = 3) added to x: out = x (EQ) + state (LE)
// Rows top to bottom: in raster processing order each tap of the state precedes (r, c).
Net build_rowlstm(const ArchSpec& s, int depth) {
    return build_input_then_layers(s, depth, [](NetBuilder& b, int x) {
        const int self = b.next_map();
        MapDef st;
        st.taps = std::vector<Tap>{{x, 0, -1, Rule::All},
                                   {x, 0, 0, Rule::LessEq},
                                   {self, -1, -1, Rule::All},
                                   {self, -1, 0, Rule::All},
                                   {self, -1, 1, Rule::All}};
        const int state = b.add(st);
        MapDef out;
        out.taps = std::vector<Tap>{{x, 0, 0, Rule::Equal}, {state, 0, 0, Rule::LessEq}};
        return b.add(out);
    });
}

// Diagonal BiLSTM(h, L): input 7x7 mask A. Layer on x (2h), in unskewed coordinates:
//   forward:  input-to-state 1x1 mask B (LE); in the skewed map the state at skewed (r, t) reads
//             column t-1 at rows r-1 and r, i.e. the pixels above (r-1, c) and left (r, c-1).
//             The recurrence is unmasked: both taps are strictly earlier pixels.
//   backward: the same on the mirrored image: state (r, c) from (r-1, c) and (r, c+1); its output
//             is then shifted down one row, so out(r, c) reads the backward state at (r-1, c) and
//             row 0 reads zeros.
//   out = x (EQ) + 1x1 mask B (forward(r, c) + backward(r-1, c)).
// Skewed padding positions never feed a real pixel (left padding reads only padding, right
// padding is read only by padding), so unskewed taps are the whole story.
Net build_diagbilstm(const ArchSpec& s, int depth) {
    return build_input_then_layers(s, depth, [](NetBuilder& b, int x) {
        // one direction: 1x1 mask B from x, recurrence from the pixel above and the previous one
        // along the row (left for forward, right for backward, which runs right to left)
        auto direction = [&b, x](int along, bool right_to_left) {
            const int self = b.next_map();
            MapDef d;
            d.taps = std::vector<Tap>{
                {x, 0, 0, Rule::LessEq}, {self, -1, 0, Rule::All}, {self, 0, along, Rule::All}};
            d.right_to_left = right_to_left;
            return b.add(d);
        };
        const int f = direction(-1, false);
        const int bk = direction(1, true);
        MapDef out;
        out.taps = std::vector<Tap>{
            {x, 0, 0, Rule::Equal}, {f, 0, 0, Rule::LessEq}, {bk, -1, 0, Rule::LessEq}};
        return b.add(out);
    });
}

// Gated PixelCNN, the project's definition (docs/gated-pixelcnn.md), k_in = input_kernel, k = kernel:
//   a_v0 = conv_{7x7 vertical-strict}(x): taps dr in {-3..-1}, dc in {-3..3}, no channel mask
//   v_0 = gate(a_v0)
//   a_h0 = conv_{1x7 mask A}(x): taps dc in {-3..-1} all channels, dc = 0 channels < g
//          + conv_1x1(a_v0) (the link, no mask: a_v carries no row-r information)
//   g_0 = gate(a_h0)
//   layer i: a_v = conv_{3x3 vertical-inclusive}(v_{i-1}): dr in {-1, 0}, dc in {-1, 0, 1}
//            v_i = gate(a_v)
//            a_h = conv_{1x3 mask B}(g_{i-1}): dc = -1 all groups, dc = 0 groups <= g
//                  + conv_1x1(a_v) (link, all groups)
//            g_i = g_{i-1} + conv_1x1,maskB(gate(a_h))
//   head on g_L.
// Gates pair channel j with j + h of the same group, so a gate keeps a node's set; v and a_v (and
// a_h and gate(a_h) through the LE residual 1x1) have the same sets.
Net build_gated(const ArchSpec& s, int depth) {
    NetBuilder b;
    const int ri = s.input_kernel / 2, rk = s.kernel / 2;
    MapDef v0;
    for (int dr = -ri; dr <= -1; ++dr)
        for (int dc = -ri; dc <= ri; ++dc) v0.taps.push_back({0, dr, dc, Rule::All});
    int v = b.add(v0);
    MapDef g0;
    for (int dc = -ri; dc <= -1; ++dc) g0.taps.push_back({0, 0, dc, Rule::All});
    g0.taps.push_back({0, 0, 0, Rule::Less});
    g0.taps.push_back({v, 0, 0, Rule::All});
    int g = b.add(g0);
    b.end_stage(g, {v, g});
    for (int l = 0; l < depth; ++l) {
        MapDef vi;
        for (int dr = -rk; dr <= 0; ++dr)
            for (int dc = -rk; dc <= rk; ++dc) vi.taps.push_back({v, dr, dc, Rule::All});
        int vn = b.add(vi);
        MapDef gi;
        for (int dc = -rk; dc <= -1; ++dc) gi.taps.push_back({g, 0, dc, Rule::All});
        gi.taps.push_back({g, 0, 0, Rule::LessEq});  // 1x3 mask B centre and the residual skip
        gi.taps.push_back({vn, 0, 0, Rule::All});    // the link from this layer's a_v
        g = b.add(gi);
        v = vn;
        b.end_stage(g, {v, g});
    }
    return std::move(b.net);
}

Net build_net(const ArchSpec& s, int depth) {
    switch (s.arch) {
        case Arch::PixelCnn:
            return build_pixelcnn(s, depth);
        case Arch::RowLstm:
            return build_rowlstm(s, depth);
        case Arch::DiagBiLstm:
            return build_diagbilstm(s, depth);
        case Arch::Gated:
            return build_gated(s, depth);
        case Arch::MaskedStack:
            return build_masked_stack(s, depth);
    }
    throw std::invalid_argument("build_net: unknown architecture");
}

// ---------------------------------------------------------------------------------------------
// 3. Backward reachability for one target (r, c, ch): mark the head's inputs at (r, c), groups
// <= ch (head.0 is 1x1 mask B and head.1 groups channel ch's logits on groups <= ch), then walk
// the maps from the last to the first. Within a map nodes are visited in reverse processing
// order, so a recurrence's successors are all marked before a node passes its marks on.
std::vector<bool> backward_support(const Net& net, int stage, int H, int W, int C, int row, int col,
                                   int channel) {
    std::vector<bool> support(static_cast<size_t>(H * W * C), false);
    const int head = net.head_map[static_cast<size_t>(stage)];
    if (head < 0) return support;
    const int G = C;
    const size_t nodes = static_cast<size_t>(H * W * G);
    std::vector<std::vector<uint8_t>> mark(static_cast<size_t>(head) + 1);
    for (int m = 1; m <= head; ++m) mark[static_cast<size_t>(m)].assign(nodes, 0);
    for (int g = 0; g <= channel; ++g)
        mark[static_cast<size_t>(head)][static_cast<size_t>((row * W + col) * G + g)] = 1;
    for (int m = head; m >= 1; --m) {
        const MapDef& def = net.maps[static_cast<size_t>(m)];
        auto& mk = mark[static_cast<size_t>(m)];
        for (int r = H - 1; r >= 0; --r) {
            for (int ci = W - 1; ci >= 0; --ci) {
                const int c = def.right_to_left ? W - 1 - ci : ci;
                for (int g = 0; g < G; ++g) {
                    if (!mk[static_cast<size_t>((r * W + c) * G + g)]) continue;
                    for (const Tap& t : def.taps) {
                        const int sr = r + t.dr, sc = c + t.dc;
                        if (sr < 0 || sr >= H || sc < 0 || sc >= W) continue;  // zero padding
                        int lo = 0, hi = 0;
                        rule_range(t.rule, g, G, lo, hi);
                        for (int sg = lo; sg < hi; ++sg) {
                            const size_t idx = static_cast<size_t>((sr * W + sc) * G + sg);
                            if (t.src == 0)
                                support[idx] = true;
                            else
                                mark[static_cast<size_t>(t.src)][idx] = 1;
                        }
                    }
                }
            }
        }
    }
    return support;
}

// ---------------------------------------------------------------------------------------------
// 4. Forward sets: every node gets the bit set of input (pixel, channel) it depends on
// (words of 64 bits, bit (r * W + c) * C + ch). Maps are freed after their last reader.
class ForwardSets {
public:
    ForwardSets(const Net& net, int H, int W, int C)
        : m_net(net), m_h(H), m_w(W), m_g(C), m_words((H * W * C + 63) / 64) {
        m_data.resize(net.maps.size());
        m_last_use.assign(net.maps.size(), -1);
        for (size_t m = 1; m < net.maps.size(); ++m)
            for (const Tap& t : net.maps[m].taps)
                m_last_use[static_cast<size_t>(t.src)] =
                    std::max(m_last_use[static_cast<size_t>(t.src)], static_cast<int>(m));
    }

    int words() const { return m_words; }
    size_t nodes() const { return static_cast<size_t>(m_h * m_w * m_g); }
    const uint64_t* node(int m, int r, int c, int g) const {
        return m_data[static_cast<size_t>(m)].data() +
               static_cast<size_t>((r * m_w + c) * m_g + g) * static_cast<size_t>(m_words);
    }
    const std::vector<uint64_t>& map(int m) const { return m_data[static_cast<size_t>(m)]; }

    // Extend a map's lifetime (a head or carry map read after its last tap reader).
    void keep_until(int m, int until) {
        if (m > 0)
            m_last_use[static_cast<size_t>(m)] =
                std::max(m_last_use[static_cast<size_t>(m)], until);
    }

    void compute(int m) {
        const MapDef& def = m_net.maps[static_cast<size_t>(m)];
        auto& out = m_data[static_cast<size_t>(m)];
        const size_t nw = static_cast<size_t>(m_words);
        out.assign(nodes() * nw, 0);
        for (int r = 0; r < m_h; ++r) {
            for (int ci = 0; ci < m_w; ++ci) {
                const int c = def.right_to_left ? m_w - 1 - ci : ci;
                for (int g = 0; g < m_g; ++g) {
                    uint64_t* dst = out.data() + static_cast<size_t>((r * m_w + c) * m_g + g) * nw;
                    for (const Tap& t : def.taps) {
                        const int sr = r + t.dr, sc = c + t.dc;
                        if (sr < 0 || sr >= m_h || sc < 0 || sc >= m_w) continue;
                        int lo = 0, hi = 0;
                        rule_range(t.rule, g, m_g, lo, hi);
                        if (hi <= lo) continue;
                        if (t.src == 0) {
                            for (int sg = lo; sg < hi; ++sg) {
                                const int bit = (sr * m_w + sc) * m_g + sg;
                                dst[bit >> 6] |= uint64_t{1} << (bit & 63);
                            }
                            continue;
                        }
                        // Every feature map's sets grow with the group index (set(g) is a
                        // subset of set(g+1): the image taps ALL / LE / LT give nested sets,
                        // and ALL / LE / LT / EQ between feature maps keep them nested), so
                        // the union over groups lo..hi-1 is the set of group hi-1 alone.
                        const int node = (sr * m_w + sc) * m_g + hi - 1;
                        const uint64_t* src = m_data[static_cast<size_t>(t.src)].data() +
                                              static_cast<size_t>(node) * nw;
                        for (size_t w = 0; w < nw; ++w) dst[w] |= src[w];
                    }
                }
            }
        }
        // Free every map nobody reads after this one.
        for (int k = 1; k < m; ++k)
            if (m_last_use[static_cast<size_t>(k)] <= m && !m_data[static_cast<size_t>(k)].empty())
                std::vector<uint64_t>().swap(m_data[static_cast<size_t>(k)]);
    }

    // The head's set at (r, c) for logit channel ch: union of groups <= ch.
    void head_set(int m, int r, int c, int ch, std::vector<uint64_t>& out) const {
        out.assign(static_cast<size_t>(m_words), 0);
        if (m < 0) return;
        for (int g = 0; g <= ch; ++g) {
            const uint64_t* s = node(m, r, c, g);
            for (int w = 0; w < m_words; ++w) out[static_cast<size_t>(w)] |= s[w];
        }
    }

private:
    const Net& m_net;
    int m_h, m_w, m_g, m_words;
    std::vector<std::vector<uint64_t>> m_data;
    std::vector<int> m_last_use;
};

int stage_for(const ArchSpec& spec, int layers_shown) {
    if (layers_shown < 0 || layers_shown > spec.layers) return spec.layers;
    return layers_shown;
}

void check_target(const ArchSpec& spec, int H, int W, int row, int col, int channel) {
    validate(spec);
    if (H < 1 || H > 64 || W < 1 || W > 64)
        throw std::invalid_argument("receptive_field: image size must be 1..64, got " +
                                    std::to_string(H) + "x" + std::to_string(W));
    if (row < 0 || row >= H || col < 0 || col >= W)
        throw std::invalid_argument("receptive_field: pixel (" + std::to_string(row) + "," +
                                    std::to_string(col) + ") is outside the " + std::to_string(H) +
                                    "x" + std::to_string(W) + " image");
    if (channel < 0 || channel >= spec.channels)
        throw std::invalid_argument("receptive_field: channel " + std::to_string(channel) +
                                    " is outside 0.." + std::to_string(spec.channels - 1));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public API
const char* arch_name(Arch arch) {
    switch (arch) {
        case Arch::PixelCnn:
            return "pixelcnn";
        case Arch::RowLstm:
            return "rowlstm";
        case Arch::DiagBiLstm:
            return "diagbilstm";
        case Arch::Gated:
            return "gated";
        case Arch::MaskedStack:
            return "masked_stack";
    }
    return "?";
}

const char* arch_title(Arch arch) {
    switch (arch) {
        case Arch::PixelCnn:
            return "PixelCNN";
        case Arch::RowLstm:
            return "Row LSTM";
        case Arch::DiagBiLstm:
            return "Diagonal BiLSTM";
        case Arch::Gated:
            return "Gated PixelCNN";
        case Arch::MaskedStack:
            return "Stacked masked convolutions";
    }
    return "?";
}

bool parse_arch(const std::string& s, Arch& out) {
    for (Arch a :
         {Arch::PixelCnn, Arch::RowLstm, Arch::DiagBiLstm, Arch::Gated, Arch::MaskedStack}) {
        if (s == arch_name(a)) {
            out = a;
            return true;
        }
    }
    if (s == "masked-stack") {
        out = Arch::MaskedStack;
        return true;
    }
    return false;
}

void validate(const ArchSpec& spec) {
    auto odd = [](int k) { return k >= 1 && k <= 11 && k % 2 == 1; };
    if (!odd(spec.kernel))
        throw std::invalid_argument("ArchSpec.kernel must be odd and in 1..11, got " +
                                    std::to_string(spec.kernel));
    if (!odd(spec.input_kernel))
        throw std::invalid_argument("ArchSpec.input_kernel must be odd and in 1..11, got " +
                                    std::to_string(spec.input_kernel));
    if (spec.layers < 0 || spec.layers > 64)
        throw std::invalid_argument("ArchSpec.layers must be in 0..64, got " +
                                    std::to_string(spec.layers));
    if (spec.channels != 1 && spec.channels != 3)
        throw std::invalid_argument("ArchSpec.channels must be 1 or 3, got " +
                                    std::to_string(spec.channels));
}

ArchSpec canonical_spec(Arch arch, int channels) {
    ArchSpec s;
    s.arch = arch;
    s.channels = channels;
    s.kernel = 3;
    s.input_kernel = arch == Arch::MaskedStack ? 3 : 7;
    switch (arch) {
        case Arch::PixelCnn:
            s.layers = 5;
            break;
        case Arch::RowLstm:
            s.layers = 2;
            break;
        case Arch::DiagBiLstm:
            s.layers = 2;
            break;
        case Arch::Gated:
            s.layers = 5;
            break;
        case Arch::MaskedStack:
            s.layers = 3;
            break;
    }
    return s;
}

ReceptiveField field_from_gradient(int H, int W, int C, int row, int col, int channel,
                                   const std::vector<float>& magnitudes, float threshold) {
    if (magnitudes.size() != static_cast<size_t>(H * W * C))
        throw std::invalid_argument("field_from_gradient: expected " + std::to_string(H * W * C) +
                                    " magnitudes for (" + std::to_string(H) + ", " +
                                    std::to_string(W) + ", " + std::to_string(C) + "), got " +
                                    std::to_string(magnitudes.size()));
    std::vector<bool> support(magnitudes.size());
    for (size_t i = 0; i < magnitudes.size(); ++i)
        support[i] = std::fabs(magnitudes[i]) > threshold;
    return field_from_support(H, W, C, row, col, channel, -1, support);
}

std::vector<FieldMismatch> diff_fields(const ReceptiveField& a, const ReceptiveField& b) {
    if (a.height != b.height || a.width != b.width || a.channels != b.channels)
        throw std::invalid_argument("diff_fields: fields of different shapes");
    std::vector<FieldMismatch> out;
    for (int r = 0; r < a.height; ++r)
        for (int c = 0; c < a.width; ++c)
            for (int ch = 0; ch < a.channels; ++ch)
                if (a.seen(r, c, ch) != b.seen(r, c, ch))
                    out.push_back({r, c, ch, a.seen(r, c, ch)});
    return out;
}

int ReceptiveField::count(PixelClass k) const {
    return static_cast<int>(std::count(classes.begin(), classes.end(), k));
}

ReceptiveField field_from_support(int H, int W, int C, int row, int col, int channel,
                                  int layers_shown, const std::vector<bool>& support) {
    ReceptiveField f;
    f.height = H;
    f.width = W;
    f.channels = C;
    f.row = row;
    f.col = col;
    f.channel = channel;
    f.layers_shown = layers_shown;
    f.seen_channels.assign(static_cast<size_t>(H * W), 0);
    f.classes.assign(static_cast<size_t>(H * W), PixelClass::Future);
    const int target = row * W + col;
    for (int i = 0; i < H * W; ++i) {
        uint8_t bits = 0;
        for (int ch = 0; ch < C; ++ch)
            if (support[static_cast<size_t>(i * C + ch)]) bits |= static_cast<uint8_t>(1u << ch);
        f.seen_channels[static_cast<size_t>(i)] = bits;
        PixelClass k = PixelClass::Future;
        if (i == target)
            k = PixelClass::Self;
        else if (i < target)
            k = bits ? PixelClass::Seen : PixelClass::BlindSpot;
        f.classes[static_cast<size_t>(i)] = k;
    }
    return f;
}

ReceptiveField receptive_field(const ArchSpec& spec, int H, int W, int row, int col, int channel,
                               int layers_shown) {
    check_target(spec, H, W, row, col, channel);
    const int stage = stage_for(spec, layers_shown);
    Net net = build_net(spec, stage);
    auto support = backward_support(net, stage, H, W, spec.channels, row, col, channel);
    return field_from_support(H, W, spec.channels, row, col, channel, stage, support);
}

std::vector<ReceptiveField> all_receptive_fields(const ArchSpec& spec, int H, int W,
                                                 int layers_shown) {
    check_target(spec, H, W, 0, 0, 0);
    const int stage = stage_for(spec, layers_shown);
    const int C = spec.channels;
    Net net = build_net(spec, stage);
    ForwardSets sets(net, H, W, C);
    const int head = net.head_map[static_cast<size_t>(stage)];
    sets.keep_until(head, static_cast<int>(net.maps.size()));
    for (int m = 1; m <= head; ++m) sets.compute(m);
    std::vector<ReceptiveField> out;
    out.reserve(static_cast<size_t>(H * W * C));
    std::vector<uint64_t> words;
    std::vector<bool> support(static_cast<size_t>(H * W * C));
    for (int r = 0; r < H; ++r) {
        for (int c = 0; c < W; ++c) {
            for (int ch = 0; ch < C; ++ch) {
                sets.head_set(head, r, c, ch, words);
                for (size_t b = 0; b < support.size(); ++b)
                    support[b] = (words[b >> 6] >> (b & 63)) & 1u;
                out.push_back(field_from_support(H, W, C, r, c, ch, stage, support));
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// 5. Explanations
std::string pixel_label(int row, int col, int H, int W) {
    std::string coords = "(" + std::to_string(row) + "," + std::to_string(col) + ")";
    if (H * W <= 26) return std::string(1, static_cast<char>('a' + row * W + col));
    return coords;
}

namespace {

// The depth at which each input pixel first enters the target's field: run the architecture
// with up to L + H + W layers (each layer extends the reach by at least one row or column, so
// that is enough), reading the target's head set after every stage. Stop when every pixel in
// `wanted` has a depth, or once a layer changes none of the maps the next layer reads (then no
// later layer can change anything: every layer applies the same function to them).
// Only rows 0..row matter (no tap reads a row below its own), so the image is cropped there.
std::vector<int> first_depths(const ArchSpec& spec, int H_full, int W, int row, int col, int ch,
                              const std::vector<int>& wanted) {
    const int C = spec.channels;
    const int H = row + 1;
    const int max_depth = spec.layers + H + W;
    Net net = build_net(spec, max_depth);
    ForwardSets sets(net, H, W, C);
    const int stages = static_cast<int>(net.head_map.size());
    for (int n = 0; n < stages; ++n) {
        // Head maps are read at the end of their stage; carries until the next stage's end.
        const int end_next = n + 1 < stages ? net.last_map[static_cast<size_t>(n + 1)]
                                            : net.last_map[static_cast<size_t>(n)];
        sets.keep_until(net.head_map[static_cast<size_t>(n)],
                        net.last_map[static_cast<size_t>(n)] + 1);
        for (int m : net.carry[static_cast<size_t>(n)]) sets.keep_until(m, end_next + 1);
    }
    std::vector<int> depth(static_cast<size_t>(H_full * W), -1);
    std::vector<uint64_t> words;
    int m = 1;
    size_t found = 0;
    for (int n = 0; n < stages; ++n) {
        for (; m <= net.last_map[static_cast<size_t>(n)]; ++m) sets.compute(m);
        sets.head_set(net.head_map[static_cast<size_t>(n)], row, col, ch, words);
        for (int i = 0; i < H * W; ++i) {
            if (depth[static_cast<size_t>(i)] >= 0) continue;
            for (int k = 0; k < C; ++k) {
                const int b = i * C + k;
                if ((words[static_cast<size_t>(b >> 6)] >> (b & 63)) & 1u) {
                    depth[static_cast<size_t>(i)] = n;
                    break;
                }
            }
        }
        found = 0;
        for (int i : wanted) found += depth[static_cast<size_t>(i)] >= 0 ? 1 : 0;
        if (found == wanted.size()) break;
        if (n >= 1 && n >= spec.layers) {
            const auto& now = net.carry[static_cast<size_t>(n)];
            const auto& before = net.carry[static_cast<size_t>(n - 1)];
            bool same = !now.empty() && now.size() == before.size();
            for (size_t j = 0; same && j < now.size(); ++j)
                same = sets.map(now[j]) == sets.map(before[j]);
            if (same) break;
        }
    }
    return depth;
}

std::string depth_words(const ArchSpec& spec, int n) {
    if (spec.arch == Arch::MaskedStack) return std::to_string(n) + (n == 1 ? " layer" : " layers");
    return "the input layer and " + std::to_string(n) + (n == 1 ? " layer" : " layers");
}

}  // namespace

std::vector<UnseenPixel> explain_unseen(const ArchSpec& spec, const ReceptiveField& f) {
    std::vector<UnseenPixel> out;
    if (f.count(PixelClass::BlindSpot) == 0) return out;
    const int H = f.height, W = f.width;
    std::vector<int> wanted;
    for (int i = 0; i < H * W; ++i)
        if (f.classes[static_cast<size_t>(i)] == PixelClass::BlindSpot) wanted.push_back(i);
    const auto depth = first_depths(spec, H, W, f.row, f.col, f.channel, wanted);
    const std::string p = pixel_label(f.row, f.col, H, W);
    const int ki = spec.arch == Arch::MaskedStack ? spec.kernel : spec.input_kernel;
    const std::string kin = std::to_string(ki) + "x" + std::to_string(ki);
    const std::string kb = std::to_string(spec.kernel) + "x" + std::to_string(spec.kernel);
    for (int r = 0; r < H; ++r) {
        for (int c = 0; c < W; ++c) {
            if (f.at(r, c) != PixelClass::BlindSpot) continue;
            UnseenPixel u;
            u.row = r;
            u.col = c;
            u.layers_needed = depth[static_cast<size_t>(r * W + c)];
            const std::string q = pixel_label(r, c, H, W);
            if (u.layers_needed >= 0) {
                std::string how;
                if (r == f.row) {
                    how =
                        spec.arch == Arch::RowLstm
                            ? "in its own row the field grows left only by the input layer's " +
                                  std::to_string(ki / 2) + (ki / 2 == 1 ? " column" : " columns") +
                                  " and one column per 1x3 input-to-state"
                        : spec.arch == Arch::Gated
                            ? "in its own row only the horizontal stack reaches left, " +
                                  std::to_string(ki / 2) + (ki / 2 == 1 ? " column" : " columns") +
                                  " in the input layer and " + std::to_string(spec.kernel / 2) +
                                  " more per layer"
                            : "in its own row each layer reaches only a few columns further left";
                } else {
                    how = "each layer widens the field only a little, so " +
                          std::to_string(f.row - r) + (f.row - r == 1 ? " row" : " rows") +
                          " up it does not yet reach column " + std::to_string(c);
                }
                u.text = "Out of reach: " + how + "; " + q + " arrives at " + p + " with " +
                         depth_words(spec, u.layers_needed) + ".";
            } else if (spec.arch == Arch::PixelCnn) {
                u.text = "Blind spot: the " + kin + " mask A input layer reaches at most " +
                         std::to_string(ki / 2) + (ki / 2 == 1 ? " column" : " columns") +
                         " right, and only in rows above; each " + kb +
                         " mask B block moves right only while moving up a row (its centre "
                         "row looks only left), so no chain of taps from " +
                         p + " climbs to " + q + "; information from " + q +
                         " never arrives, however many blocks are stacked.";
            } else if (spec.arch == Arch::MaskedStack) {
                u.text = "Blind spot: a masked " + kb +
                         " layer moves right only while moving up "
                         "a row (its centre row looks only left), so no chain of taps from " +
                         p + " climbs to " + q + "; information from " + q +
                         " never arrives, however many layers are stacked.";
            } else if (spec.arch == Arch::RowLstm) {
                u.text =
                    "Outside the triangle: the state-to-state taps (c-1, c, c+1) reach one "
                    "column further per row up and the " +
                    kin + " input layer a few more, so " + std::to_string(f.row - r) +
                    (f.row - r == 1 ? " row" : " rows") + " above " + p +
                    " the field stops short of column " + std::to_string(c) + ".";
            } else if (spec.arch == Arch::DiagBiLstm) {
                const int from = std::max(0, c - ki / 2);
                u.text = q + " is out of the first layer's " + kin + " reach from " + p +
                         ", and the only positions whose " + kin + " window covers it (row " +
                         std::to_string(r + 1) + " from column " + std::to_string(from) +
                         " on, or later rows) come at or after " + p +
                         ": nothing in reach has seen it yet.";
            } else {
                u.text = "No chain of taps from " + p + " reaches " + q + " at any depth.";
            }
            out.push_back(std::move(u));
        }
    }
    return out;
}

}  // namespace ps::viz
