#include "viz/skew.hpp"

#include <stdexcept>

namespace ps::viz {

namespace {
void check_size(int H, int W) {
    if (H < 1 || H > 64 || W < 1 || W > 64)
        throw std::invalid_argument("skew: image size must be 1..64, got " + std::to_string(H) +
                                    "x" + std::to_string(W));
}
std::string cell_text(int r, int c) {
    return "(" + std::to_string(r) + "," + std::to_string(c) + ")";
}
}  // namespace

int skewed_width(int H, int W) {
    return H + W - 1;
}
int diagonal_steps(int H, int W) {
    return H + W - 1;
}
Cell skew_position(int row, int col) {
    return {row, col + row};
}

bool unskew_position(int H, int W, int row, int t, Cell& out) {
    const int c = t - row;
    if (row < 0 || row >= H || c < 0 || c >= W) return false;
    out = {row, c};
    return true;
}

std::vector<Cell> pixels_at_step(int H, int W, int t) {
    std::vector<Cell> out;
    for (int r = 0; r < H; ++r) {
        Cell p;
        if (unskew_position(H, W, r, t, p)) out.push_back(p);
    }
    return out;
}

std::vector<StateTap> diagonal_state_taps(int H, int W, int row, int col) {
    const int t = col + row;
    StateTap above{{row - 1, col}, {row - 1, t - 1}, row - 1 >= 0, "above"};
    StateTap left{{row, col - 1}, {row, t - 1}, col - 1 >= 0, "left"};
    return {above, left};
}

std::vector<Cell> row_lstm_state_taps(int H, int W, int row, int col) {
    std::vector<Cell> out;
    if (row < 1) return out;
    for (int dc = -1; dc <= 1; ++dc)
        if (col + dc >= 0 && col + dc < W) out.push_back({row - 1, col + dc});
    return out;
}

std::vector<int> skew_buffer(const std::vector<int>& image, int H, int W, int fill) {
    check_size(H, W);
    if (image.size() != static_cast<size_t>(H * W))
        throw std::invalid_argument("skew_buffer: expected " + std::to_string(H * W) +
                                    " values for " + std::to_string(H) + "x" + std::to_string(W) +
                                    ", got " + std::to_string(image.size()));
    const int S = skewed_width(H, W);
    std::vector<int> out(static_cast<size_t>(H * S), fill);
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c)
            out[static_cast<size_t>(r * S + c + r)] = image[static_cast<size_t>(r * W + c)];
    return out;
}

std::vector<int> unskew_buffer(const std::vector<int>& skewed, int H, int W) {
    check_size(H, W);
    const int S = skewed_width(H, W);
    if (skewed.size() != static_cast<size_t>(H * S))
        throw std::invalid_argument("unskew_buffer: expected " + std::to_string(H * S) +
                                    " values for " + std::to_string(H) + "x" + std::to_string(S) +
                                    ", got " + std::to_string(skewed.size()));
    std::vector<int> out(static_cast<size_t>(H * W));
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c)
            out[static_cast<size_t>(r * W + c)] = skewed[static_cast<size_t>(r * S + c + r)];
    return out;
}

SkewScene make_skew_scene(SkewMode mode, int H, int W, int step) {
    check_size(H, W);
    SkewScene s;
    s.mode = mode;
    s.height = H;
    s.width = W;
    s.steps = mode == SkewMode::Diagonal ? diagonal_steps(H, W) : H;
    if (step < 0 || step >= s.steps)
        throw std::invalid_argument("skew scene: step must be in 0.." +
                                    std::to_string(s.steps - 1) + ", got " + std::to_string(step));
    s.step = step;
    // The step at which pixel (r, c) is computed: its skewed column, or its row.
    auto step_of = [&](int r, int c) { return mode == SkewMode::Diagonal ? r + c : r; };
    auto state_of = [&](int r, int c) {
        const int k = step_of(r, c);
        return k < step ? CellState::Done : k == step ? CellState::Current : CellState::Pending;
    };
    s.unskewed.resize(static_cast<size_t>(H * W));
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c)
            s.unskewed[static_cast<size_t>(r * W + c)] = {r * W + c, state_of(r, c)};

    if (mode == SkewMode::Diagonal) {
        s.grid_rows = H;
        s.grid_cols = skewed_width(H, W);
        s.cells.assign(static_cast<size_t>(s.grid_rows * s.grid_cols), SceneCell{});
        for (int r = 0; r < H; ++r) {
            for (int c = 0; c < W; ++c) {
                Cell k = skew_position(r, c);
                s.cells[static_cast<size_t>(k.row * s.grid_cols + k.col)] = {r * W + c,
                                                                             state_of(r, c)};
            }
        }
        for (const Cell& p : pixels_at_step(H, W, step))
            for (const StateTap& tap : diagonal_state_taps(H, W, p.row, p.col))
                if (tap.valid) s.taps.push_back({tap.skewed, skew_position(p.row, p.col)});
        const auto now = pixels_at_step(H, W, step);
        s.caption = "Step t = " + std::to_string(step) + ": skewed column " + std::to_string(step) +
                    " holds " + std::to_string(now.size()) +
                    (now.size() == 1 ? " pixel" : " pixels") + " (r, " + std::to_string(step) +
                    " - r), all computed at once; each reads the pixel above and the pixel to "
                    "its left" +
                    (step == 0 ? std::string(" (both outside the image: the zero state).")
                               : ", both in column " + std::to_string(step - 1) + ".");
    } else {
        s.grid_rows = H;
        s.grid_cols = W;
        s.cells = s.unskewed;
        for (int c = 0; c < W; ++c)
            for (const Cell& from : row_lstm_state_taps(H, W, step, c))
                s.taps.push_back({from, {step, c}});
        std::string reads;
        const auto taps = row_lstm_state_taps(H, W, step, W / 2);
        for (size_t i = 0; i < taps.size(); ++i)
            reads += (i == 0                 ? ""
                      : i + 1 == taps.size() ? " and "
                                             : ", ") +
                     cell_text(taps[i].row, taps[i].col);
        s.caption = "Step t = " + std::to_string(step) + ": Row LSTM computes all of row " +
                    std::to_string(step) +
                    " at once; each pixel reads three pixels of the row above, (c-1, c, c+1)" +
                    (step == 0 ? std::string(" (row 0 reads the zero state).")
                               : ": " + cell_text(step, W / 2) + " reads " + reads + ".");
    }
    return s;
}

}  // namespace ps::viz
