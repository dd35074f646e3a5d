// The skew trick of the Diagonal BiLSTM, as data the Skew view animates.
//
// Row r is shifted right by r: pixel (r, c) lands at skewed (r, c + r) in an H x S map,
// S = H + W - 1. Skewed column t then holds the pixels (r, t - r): one anti-diagonal of the
// image, all of which can be computed in parallel because each depends only on column t-1:
//
//   image 3x4            skewed 3 x 6 (. = padding)       step t computes column t
//   a b c d              a b c d . .                      state(r, t) reads (r-1, t-1) [above]
//   e f g h      ->      . e f g h .                                  and   (r,   t-1) [left]
//   i j k l              . . i j k l
//
// In unskewed terms the two state-to-state taps of pixel (r, c) are the pixel above (r-1, c) and
// the pixel to its left (r, c-1). Unskewing reads (r, c + r) back into (r, c).
// Row LSTM, for contrast: step t computes the whole row t, each pixel reading the three pixels
// (t-1, c-1), (t-1, c), (t-1, c+1) of the row above.
#pragma once

#include <string>
#include <vector>

namespace ps::viz {

struct Cell {
    int row = 0, col = 0;
};
inline bool operator==(const Cell& a, const Cell& b) {
    return a.row == b.row && a.col == b.col;
}

int skewed_width(int height, int width);  // S = H + W - 1
Cell skew_position(int row, int col);     // (r, c + r)
// (r, t - r); returns false when skewed (r, t) is padding (outside the image).
bool unskew_position(int height, int width, int row, int t, Cell& out);
// The pixels computed at step t (skewed column t), top to bottom: (r, t - r) in the image.
std::vector<Cell> pixels_at_step(int height, int width, int t);
int diagonal_steps(int height, int width);  // = S

// The two state-to-state taps of pixel (r, c), in unskewed and skewed coordinates; a tap outside
// the image reads the zero initial state (valid = false).
struct StateTap {
    Cell pixel;   // unskewed: (r-1, c) above, (r, c-1) left
    Cell skewed;  // (r-1, t-1), (r, t-1) with t = c + r
    bool valid = false;
    const char* name = "";  // "above" / "left"
};
std::vector<StateTap> diagonal_state_taps(int height, int width, int row, int col);
// Row LSTM: (r-1, c-1), (r-1, c), (r-1, c+1) (valid ones only).
std::vector<Cell> row_lstm_state_taps(int height, int width, int row, int col);

// Skew / unskew any row-major H x W buffer (padding filled with `fill`): shows the round trip.
std::vector<int> skew_buffer(const std::vector<int>& image, int height, int width, int fill);
std::vector<int> unskew_buffer(const std::vector<int>& skewed, int height, int width);

// ---------------------------------------------------------------------------------------------
// A scene for one animation frame.
enum class SkewMode { Diagonal, Row };
enum class CellState { Padding, Pending, Current, Done };

struct SceneCell {
    int source = -1;  // pixel index r * W + c it holds, -1 for padding
    CellState state = CellState::Padding;
};

struct SceneArrow {
    Cell from, to;  // grid coordinates of the scene's own grid
};

struct SkewScene {
    SkewMode mode = SkewMode::Diagonal;
    int height = 0, width = 0;         // the image
    int step = 0, steps = 0;           // current step t of steps (Diagonal: S columns, Row: H rows)
    int grid_rows = 0, grid_cols = 0;  // Diagonal: H x S (skewed); Row: H x W
    std::vector<SceneCell> cells;      // (grid_rows, grid_cols)
    std::vector<SceneCell> unskewed;   // (H, W): the same states in image coordinates
    std::vector<SceneArrow> taps;      // state-to-state taps of every current cell, grid coords
    std::string caption;               // one sentence for the frame

    const SceneCell& at(int r, int c) const {
        return cells[static_cast<size_t>(r * grid_cols + c)];
    }
};

// Throws std::invalid_argument for sizes outside 1..64 or a step outside 0..steps-1.
SkewScene make_skew_scene(SkewMode mode, int height, int width, int step);

}  // namespace ps::viz
