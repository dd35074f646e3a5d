// The sentences under the figures read right for counts of one (singular nouns; a single masked
// convolution is the mask A layer alone, with no mask B after it).
#include <doctest/doctest.h>

#include <string>

#include "viz/figures.hpp"

using namespace ps::viz;

namespace {

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

ArchSpec spec_of(Arch arch, int layers) {
    ArchSpec s;
    s.arch = arch;
    s.layers = layers;
    s.kernel = 3;
    s.input_kernel = 3;
    return s;
}

}  // namespace

TEST_CASE("field_spec_text: one masked convolution is mask A alone, several are A then B") {
    const std::string one = field_spec_text(spec_of(Arch::MaskedStack, 1), -1);
    CAPTURE(one);
    CHECK(contains(one, "1 3\u00d73 masked convolution (mask A)"));
    CHECK_FALSE(contains(one, "convolutions"));
    CHECK_FALSE(contains(one, "mask B"));
    CHECK_FALSE(contains(one, "stacked"));
    const std::string three = field_spec_text(spec_of(Arch::MaskedStack, 3), -1);
    CAPTURE(three);
    CHECK(contains(three, "3 stacked 3\u00d73 masked convolutions (mask A first, then mask B)"));
}

TEST_CASE("field_spec_text: singular layer nouns for every architecture at L = 1") {
    CHECK(contains(field_spec_text(spec_of(Arch::PixelCnn, 1), -1), "1 residual block with"));
    CHECK(contains(field_spec_text(spec_of(Arch::RowLstm, 1), -1), "1 Row LSTM layer ("));
    CHECK(contains(field_spec_text(spec_of(Arch::DiagBiLstm, 1), -1), "1 Diagonal BiLSTM layer ("));
    CHECK(contains(field_spec_text(spec_of(Arch::Gated, 1), -1), "1 gated layer ("));
    CHECK(contains(field_spec_text(spec_of(Arch::PixelCnn, 2), -1), "2 residual blocks with"));
    CHECK(contains(field_spec_text(spec_of(Arch::MaskedStack, 4), 1), "after 1 convolution"));
    CHECK(contains(field_spec_text(spec_of(Arch::RowLstm, 4), 1),
                   "after the input layer and 1 layer"));
}

TEST_CASE("field_counts_text: one earlier pixel is singular") {
    // pixel (0, 1) of a 5x5 grid has exactly one earlier pixel
    const ReceptiveField f = receptive_field(spec_of(Arch::MaskedStack, 3), 5, 5, 0, 1, 0, -1);
    const std::string t = field_counts_text(f, explain_unseen(spec_of(Arch::MaskedStack, 3), f));
    CAPTURE(t);
    CHECK(contains(t, "1 of 1 earlier pixel seen"));
}
