// Diagonal BiLSTM(h, L) of DESIGN §2 (van den Oord et al. 2016, "Pixel Recurrent Neural
// Networks" §3.2).
//
//   x (B, C, H, W)  --scale-->  u = x * s              s = 1 (bernoulli) or 1/255 (softmax256)
//   (1)  z_0 = input(u)                      7x7 mask A, C -> 2h                 (B, 2h, H, W)
//   layer l = 0..L-1 (diags.{l}), per direction d in {forward, backward}:
//   (2)  a_d = d.input_to_state(z_l)         1x1 mask B, 2h -> 4h                (B, G, H, W)
//        (backward: on the horizontally mirrored map; a 1x1 conv commutes with the mirror)
//   (3)  skew a_d: A[:, r, r + c] = a_d[:, r, c]                                 (G, H, S)
//   (4)  walk the skewed columns j = 0 .. S-1; at row r of column j:
//          pre = A[:, r, j] + b + K0 @ hs[:, r-1, j-1] + K1 @ hs[:, r, j-1]
//        (d.state_to_state.weight (G, h, 2): tap 0 = K0, tap 1 = K1; states off the image are 0)
//   (5)  o, f, i, g, c = f * c[:, r, j-1] + i * g, hs = o * tanh(c)   (lstm_cell.hpp)
//   (6)  unskew: h_d[:, r, c] = hs[:, r, r + c]                                  (B, h, H, W)
//   (7)  hsum[:, r, c] = h_fwd[:, r, c] + mirror(h_bwd)[:, r - 1, c]   (row 0: h_fwd only)
//   (8)  z_{l+1} = z_l + output(hsum)        1x1 mask B, h -> 2h (residual)
//   head (as PixelCNN):
//   (9)  logits = head.1(relu(head.0(relu(z_L))))
//
// The skew turns the two-tap recurrence into one step per column:
//
//   image       skewed (S = H + W - 1)       tap 0 (r-1, j-1) = the pixel above,
//   a b c d     a b c d . .                  tap 1 (r,   j-1) = the pixel to the left:
//   e f g h     . e f g h .                  column j holds one anti-diagonal, computed at once
//   i j k l     . . i j k l                  (a (G, h) @ (h, rows) GEMM per tap)
//
// The right-to-left direction sees the pixel above and the pixel to the right; shifted down a
// row (7) it gives pixel (r, c) all of rows <= r-1, so with the forward direction's rows <= r,
// columns <= c, nothing earlier in raster order is out of reach but what layer (1) has not seen:
// pixel (5, 1) of a 7x7 image misses (4, 6) (z_0(4, 6) does not see x(4, 6): mask A).
//
// Channel groups (C = 3): gates as Row LSTM (lstm_gate_groups), input-to-state and output with
// mask B. The state-to-state weights are unmasked: the forward direction's state at (r, c) of
// group R reads the group-B state of the pixel to its left, which is earlier; the backward
// direction's reads row r-1 only after the shift. So no channel of p is seen early; and pixel
// (5, 1) sees R and G of (4, 6) (through group G, B units of z_0(4, 6)) but never its B.
#pragma once

#include "engine/model_parts.hpp"

namespace ps::engine {

template <typename T>
class DiagBiLstm final : public Model<T> {
public:
    explicit DiagBiLstm(const ModelConfig& config);

    std::unique_ptr<ModelCache> make_cache() const override;
    void forward(Tensor4<T>& logits, ModelCache& cache, const Tensor4<T>& x) const override;
    void backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                  ModelCache& cache, const Tensor4<T>& x) const override;
    // cached_diag_bilstm.cpp: the forward direction at one pixel (above, left), the backward
    // direction's row r-1 right to left when row r begins (it only reaches row r after the shift)
    std::unique_ptr<PixelState> make_pixel_state(int B) const override;
    void forward_pixel(T* logits, PixelState& state, const Tensor4<T>& x, int r,
                       int c) const override;

private:
    struct Direction {
        MaskedConv<T> input_to_state;      // (G, 2h, 1, 1)
        int ss_weight = -1, ss_bias = -1;  // state_to_state (G, h, 2), (G)
    };
    struct Layer {
        Direction dir[2];      // forward, backward
        MaskedConv<T> output;  // (2h, h, 1, 1)
    };
    MaskedConv<T> m_input;
    std::vector<Layer> m_layers;
    Head<T> m_head;  // model_parts.hpp
};

// One direction (2)-(7) over one image. Skewed caches, column-major over the walk:
//   hs (S, h, H+1): column j's states, entry 0 of each row is the zero "row -1"
//   cs (S, h, H), gates (S, G, H). All written (off-image entries zero).
// hsum (h, H, W) += the direction's output, mirrored and shifted for the backward direction.
template <typename T>
void diag_direction_forward(T* hsum, T* hs, T* cs, T* gates, std::vector<T>& scratch, const T* a,
                            const T* w_ss, const T* b_ss, bool mirrored, int h, int H, int W);
// da (G, H, W), dw_ss (G, h, 2), db_ss (G) += ..., from dhsum (h, H, W)
template <typename T>
void diag_direction_backward(T* da, T* dw_ss, T* db_ss, std::vector<T>& scratch, const T* dhsum,
                             const T* hs, const T* cs, const T* gates, const T* w_ss,
                             bool mirrored, int h, int H, int W);

}  // namespace ps::engine
