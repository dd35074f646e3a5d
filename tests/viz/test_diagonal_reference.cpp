// An independent reference for the Diagonal BiLSTM's dependency sets, written the way the engine
// computes the layer: in skewed coordinates, with an explicit skew, column-by-column walk,
// unskew, horizontal mirror for the backward direction, and the one-row shift. The analytic
// receptive field (which reasons in unskewed taps) must agree with it for every pixel/channel.
#include <doctest/doctest.h>

#include <bitset>
#include <vector>

#include "viz/receptive_field.hpp"

using namespace ps::viz;

namespace {

using Set = std::bitset<512>;  // input (pixel, channel) bits: (r * W + c) * C + ch

struct Map {  // (H, W or S, C) sets
    int h, w, g;
    std::vector<Set> v;
    Map(int h_, int w_, int g_) : h(h_), w(w_), g(g_), v(static_cast<size_t>(h_ * w_ * g_)) {}
    Set& at(int r, int c, int k) { return v[static_cast<size_t>((r * w + c) * g + k)]; }
    Set get(int r, int c, int k) const {
        if (r < 0 || r >= h || c < 0 || c >= w) return Set{};  // zero padding / zero state
        return v[static_cast<size_t>((r * w + c) * g + k)];
    }
    Set all_groups(int r, int c) const {
        Set s;
        for (int k = 0; k < g; ++k) s |= get(r, c, k);
        return s;
    }
    Set groups_upto(int r, int c, int k) const {
        Set s;
        for (int j = 0; j <= k; ++j) s |= get(r, c, j);
        return s;
    }
};

Map mirror(const Map& m) {
    Map out(m.h, m.w, m.g);
    for (int r = 0; r < m.h; ++r)
        for (int c = 0; c < m.w; ++c)
            for (int k = 0; k < m.g; ++k) out.at(r, c, k) = m.get(r, m.w - 1 - c, k);
    return out;
}

// One direction of the layer on an input-to-state map (H, W, C), returns unskewed states.
Map diagonal_lstm(const Map& i2s) {
    const int H = i2s.h, W = i2s.w, S = H + W - 1, G = i2s.g;
    Map skewed(H, S, G);  // row r shifted right by r; padding stays empty
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c)
            for (int k = 0; k < G; ++k) skewed.at(r, c + r, k) = i2s.get(r, c, k);
    Map state(H, S, G);
    for (int t = 0; t < S; ++t)  // columns left to right, all rows of a column "at once"
        for (int r = 0; r < H; ++r)
            for (int k = 0; k < G; ++k)
                // column conv of size 2 over column t-1: tap 0 at row r-1, tap 1 at row r
                state.at(r, t, k) = skewed.get(r, t, k) | state.all_groups(r - 1, t - 1) |
                                    state.all_groups(r, t - 1);
    Map out(H, W, G);
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c)
            for (int k = 0; k < G; ++k) out.at(r, c, k) = state.get(r, c + r, k);
    return out;
}

// Output (r, c, ch) sets of a Diagonal BiLSTM with L layers and a k_in x k_in mask-A input.
Map reference(int H, int W, int C, int L, int kin) {
    Map x(H, W, C);
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c)
            for (int k = 0; k < C; ++k) {
                Set s;
                for (int dr = -(kin / 2); dr <= 0; ++dr)
                    for (int dc = -(kin / 2); dc <= kin / 2; ++dc) {
                        const int rr = r + dr, cc = c + dc;
                        if (rr < 0 || cc < 0 || cc >= W) continue;
                        const bool centre = dr == 0 && dc == 0;
                        if (dr == 0 && dc > 0) continue;
                        for (int ch = 0; ch < C; ++ch)
                            if (!centre || ch < k)
                                s.set(static_cast<size_t>((rr * W + cc) * C + ch));
                    }
                x.at(r, c, k) = s;
            }
    for (int l = 0; l < L; ++l) {
        Map i2s(H, W, C);  // 1x1 mask B
        for (int r = 0; r < H; ++r)
            for (int c = 0; c < W; ++c)
                for (int k = 0; k < C; ++k) i2s.at(r, c, k) = x.groups_upto(r, c, k);
        Map fwd = diagonal_lstm(i2s);
        Map bwd = mirror(diagonal_lstm(mirror(i2s)));
        Map y(H, W, C);
        for (int r = 0; r < H; ++r)
            for (int c = 0; c < W; ++c)
                for (int k = 0; k < C; ++k)
                    // residual + 1x1 mask B of (forward + backward shifted down one row)
                    y.at(r, c, k) =
                        x.get(r, c, k) | fwd.groups_upto(r, c, k) | bwd.groups_upto(r - 1, c, k);
        x = y;
    }
    Map head(H, W, C);
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c)
            for (int k = 0; k < C; ++k) head.at(r, c, k) = x.groups_upto(r, c, k);
    return head;
}

}  // namespace

TEST_CASE("Diagonal BiLSTM: analytic fields equal the skewed-space reference") {
    struct Case {
        int H, W, C, L, kin;
    };
    for (Case k : {Case{7, 7, 1, 2, 7}, Case{6, 9, 1, 1, 7}, Case{8, 5, 3, 2, 7},
                   Case{7, 7, 3, 3, 3}, Case{5, 8, 1, 2, 5}}) {
        ArchSpec s = canonical_spec(Arch::DiagBiLstm, k.C);
        s.layers = k.L;
        s.input_kernel = k.kin;
        const Map ref = reference(k.H, k.W, k.C, k.L, k.kin);
        for (int r = 0; r < k.H; ++r)
            for (int c = 0; c < k.W; ++c)
                for (int ch = 0; ch < k.C; ++ch) {
                    const auto f = receptive_field(s, k.H, k.W, r, c, ch);
                    const Set want = ref.get(r, c, ch);
                    CAPTURE(k.H);
                    CAPTURE(k.W);
                    CAPTURE(k.C);
                    CAPTURE(k.L);
                    CAPTURE(r);
                    CAPTURE(c);
                    CAPTURE(ch);
                    int mismatches = 0;
                    for (int i = 0; i < k.H * k.W; ++i)
                        for (int j = 0; j < k.C; ++j)
                            mismatches += f.seen(i / k.W, i % k.W, j) !=
                                          want.test(static_cast<size_t>(i * k.C + j));
                    CHECK(mismatches == 0);
                }
    }
}
