// Row LSTM(h, L) of DESIGN §2 (van den Oord et al. 2016, "Pixel Recurrent Neural Networks" §3.1).
//
//   x (B, C, H, W)  --scale-->  u = x * s              s = 1 (bernoulli) or 1/255 (softmax256)
//   (1)  z_0 = input(u)                      7x7 mask A, C -> 2h                 (B, 2h, H, W)
//   layer l = 0..L-1 (rows.{l}):
//   (2)  a = input_to_state(z_l)             1x3 mask B (taps c-1, c), 2h -> 4h  (B, G, H, W)
//   (3)  pre_r = a[:, r] + state_to_state(h_{r-1})   width-3 1-D conv along the row, h -> 4h,
//                                            taps c-1, c, c+1, no mask; h_{-1} = c_{-1} = 0
//   (4)  o, f, i, g = sigmoid, sigmoid, sigmoid, tanh of pre_r (lstm_cell.hpp)
//   (5)  c_r = f * c_{r-1} + i * g           (6)  h_r = o * tanh(c_r)        (B, h, H, W)
//   (7)  z_{l+1} = z_l + output(h)           1x1 mask B, h -> 2h (residual)
//   head (as PixelCNN):
//   (8)  logits = head.1(relu(head.0(relu(z_L))))   1x1 mask B 2h -> 2h, 1x1 mask B 2h -> K
//
// The rows go top to bottom; every column of a row is computed at once, (3) as one GEMM
// (4h, 3h) @ (3h, W) over a 3-tap im2col of the previous row:
//
//        row r-1:   . . h h h . .        state-to-state reads c-1, c, c+1 of the row above
//        row r  :   . . a a * . .        input-to-state reads c-1, c of its own row (mask B)
//
// so the receptive field of p is a triangle above it (it widens by one column per row up).
//
// Channel groups (C = 3): the 4h gates use lstm_gate_groups (unit j mod h's group), the input-
// to-state and output 1x1 use mask B over them. The state-to-state conv has no mask, and need not:
// it reads only row r-1, all of which precedes every channel of every pixel of row r in raster
// order. Its one channel effect: a unit of group R at (r, c) reads group-B units of row r-1, so
// it sees the B channel of pixels of row r-1 that a group-B unit there saw (tests pin this).
#pragma once

#include "engine/model_parts.hpp"

namespace ps::engine {

template <typename T>
class RowLstm final : public Model<T> {
public:
    explicit RowLstm(const ModelConfig& config);

    std::unique_ptr<ModelCache> make_cache() const override;
    void forward(Tensor4<T>& logits, ModelCache& cache, const Tensor4<T>& x) const override;
    void backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                  ModelCache& cache, const Tensor4<T>& x) const override;
    // cached_row_lstm.cpp: (1)-(8) at one pixel; the row recurrence reads the kept row above
    std::unique_ptr<PixelState> make_pixel_state(int B) const override;
    void forward_pixel(T* logits, PixelState& state, const Tensor4<T>& x, int r,
                       int c) const override;

private:
    struct Layer {
        MaskedConv<T> input_to_state;  // (4h, 2h, 1, 3)
        int ss_weight = -1, ss_bias = -1;  // state_to_state (4h, h, 3), (4h)
        MaskedConv<T> output;          // (2h, h, 1, 1)
    };
    MaskedConv<T> m_input;
    std::vector<Layer> m_layers;
    Head<T> m_head;  // model_parts.hpp
};

// One Row LSTM recurrence (3)-(6) over one image, a (G, H, W) given; exposed for the layer tests.
//   hs (h, H, W), cs (h, H, W), gates (G, H, W) written; col scratch (3h, W)
template <typename T>
void row_lstm_forward(T* hs, T* cs, T* gates, std::vector<T>& col, const T* a, const T* w_ss,
                      const T* b_ss, int h, int H, int W);
// da (G, H, W), dw_ss (G, h, 3), db_ss (G) += ...; dhs (h, H, W) is consumed (it is also where
// the recurrence adds the gradient flowing to row r-1, so it is modified)
template <typename T>
void row_lstm_backward(T* da, T* dw_ss, T* db_ss, T* dhs, std::vector<T>& scratch, const T* hs,
                       const T* cs, const T* gates, const T* w_ss, int h, int H, int W);

}  // namespace ps::engine
