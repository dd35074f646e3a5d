// Skew layout: where pixels land, what each step computes, the taps, and the round trip.
#include <doctest/doctest.h>

#include <numeric>
#include <stdexcept>

#include "viz/skew.hpp"

using namespace ps::viz;

TEST_CASE("pixel (r, c) lands at skewed (r, c + r)") {
    CHECK(skewed_width(5, 5) == 9);
    CHECK(skewed_width(3, 4) == 6);
    CHECK(skew_position(0, 0) == Cell{0, 0});
    CHECK(skew_position(2, 3) == Cell{2, 5});
    CHECK(skew_position(4, 4) == Cell{4, 8});
    Cell back;
    CHECK(unskew_position(5, 5, 2, 5, back));
    CHECK(back == Cell{2, 3});
    CHECK(!unskew_position(5, 5, 2, 1, back));  // left padding
    CHECK(!unskew_position(5, 5, 0, 5, back));  // right padding
    for (int H = 1; H <= 7; ++H)
        for (int W = 1; W <= 7; ++W)
            for (int r = 0; r < H; ++r)
                for (int c = 0; c < W; ++c) {
                    Cell k = skew_position(r, c);
                    REQUIRE(unskew_position(H, W, k.row, k.col, back));
                    CHECK(back == Cell{r, c});
                }
}

TEST_CASE("step t computes the anti-diagonal (r, t - r); every pixel exactly once") {
    auto s4 = pixels_at_step(5, 5, 4);
    REQUIRE(s4.size() == 5);
    for (int r = 0; r < 5; ++r) CHECK(s4[static_cast<size_t>(r)] == Cell{r, 4 - r});
    CHECK(pixels_at_step(5, 5, 0) == std::vector<Cell>{{0, 0}});
    CHECK(pixels_at_step(5, 5, 8) == std::vector<Cell>{{4, 4}});
    CHECK(pixels_at_step(3, 4, 1) == std::vector<Cell>{{0, 1}, {1, 0}});
    for (int H : {2, 5, 7})
        for (int W : {3, 5, 8}) {
            std::vector<int> count(static_cast<size_t>(H * W), 0);
            for (int t = 0; t < diagonal_steps(H, W); ++t)
                for (const Cell& p : pixels_at_step(H, W, t))
                    ++count[static_cast<size_t>(p.row * W + p.col)];
            for (int n : count) CHECK(n == 1);
        }
}

TEST_CASE("state-to-state taps: above and left, i.e. skewed (r-1, t-1) and (r, t-1)") {
    auto taps = diagonal_state_taps(5, 5, 2, 1);  // t = 3
    REQUIRE(taps.size() == 2);
    CHECK(taps[0].pixel == Cell{1, 1});
    CHECK(taps[0].skewed == Cell{1, 2});
    CHECK(taps[1].pixel == Cell{2, 0});
    CHECK(taps[1].skewed == Cell{2, 2});
    CHECK(taps[0].valid);
    CHECK(taps[1].valid);
    // Both taps sit in the previous skewed column, and they unskew to above / left.
    for (const auto& tap : taps) {
        CHECK(tap.skewed.col == 3 - 1);
        CHECK(skew_position(tap.pixel.row, tap.pixel.col) == tap.skewed);
    }
    auto corner = diagonal_state_taps(5, 5, 0, 0);
    CHECK(!corner[0].valid);
    CHECK(!corner[1].valid);
    CHECK(row_lstm_state_taps(5, 5, 2, 0) == std::vector<Cell>{{1, 0}, {1, 1}});
    CHECK(row_lstm_state_taps(5, 5, 3, 2) == std::vector<Cell>{{2, 1}, {2, 2}, {2, 3}});
    CHECK(row_lstm_state_taps(5, 5, 0, 2).empty());
}

TEST_CASE("skew / unskew buffers round trip") {
    std::vector<int> img(12);
    std::iota(img.begin(), img.end(), 0);
    auto sk = skew_buffer(img, 3, 4, -1);
    // a b c d . .  /  . e f g h .  /  . . i j k l
    CHECK(sk == std::vector<int>{0, 1, 2, 3, -1, -1, -1, 4, 5, 6, 7, -1, -1, -1, 8, 9, 10, 11});
    CHECK(unskew_buffer(sk, 3, 4) == img);
    CHECK_THROWS_AS(skew_buffer(img, 4, 4, 0), std::invalid_argument);
}

TEST_CASE("SkewScene: states, padding, taps per step") {
    auto s = make_skew_scene(SkewMode::Diagonal, 5, 5, 4);
    CHECK(s.grid_rows == 5);
    CHECK(s.grid_cols == 9);
    CHECK(s.steps == 9);
    int current = 0, done = 0, pending = 0, padding = 0;
    for (const auto& c : s.cells) {
        current += c.state == CellState::Current;
        done += c.state == CellState::Done;
        pending += c.state == CellState::Pending;
        padding += c.state == CellState::Padding;
        CHECK((c.source < 0) == (c.state == CellState::Padding));
    }
    CHECK(current == 5);
    CHECK(done == 10);  // r + c < 4: 1 + 2 + 3 + 4
    CHECK(pending == 10);
    CHECK(padding == 45 - 25);
    for (int r = 0; r < 5; ++r) {
        CHECK(s.at(r, 4).state == CellState::Current);
        CHECK(s.at(r, 4).source == r * 5 + (4 - r));
    }
    // Taps: 5 current pixels, each with above and left except (0,4) (no above) and (4,0) (no left).
    CHECK(s.taps.size() == 8);
    for (const auto& a : s.taps) CHECK(a.from.col == 3);
    CHECK(s.unskewed[static_cast<size_t>(2 * 5 + 2)].state == CellState::Current);

    auto row = make_skew_scene(SkewMode::Row, 5, 5, 2);
    CHECK(row.steps == 5);
    CHECK(row.grid_cols == 5);
    for (int c = 0; c < 5; ++c) CHECK(row.at(2, c).state == CellState::Current);
    CHECK(row.at(1, 4).state == CellState::Done);
    CHECK(row.at(3, 0).state == CellState::Pending);
    CHECK(row.taps.size() == 3 * 5 - 2);
    CHECK(!row.caption.empty());
    CHECK_THROWS_AS(make_skew_scene(SkewMode::Diagonal, 5, 5, 9), std::invalid_argument);
    CHECK_THROWS_AS(make_skew_scene(SkewMode::Row, 5, 5, 5), std::invalid_argument);
}
