// Analytic receptive fields: which input (pixel, channel) can the output logit at pixel p
// (channel ch) depend on, for each architecture of DESIGN §2. Computed exactly by propagating
// dependency sets through every layer's taps and recurrences (no weights involved): the set is
// the support of d logit_p / d input for generic weights, which the engine's gradients reproduce.
//
// Index of this header
//   1. ArchSpec           the model being analysed (maps onto an engine config: arch, L, C)
//   2. Field results      per-pixel classification (seen / blind spot / self / future)
//   3. Computations       one pixel (backward reachability), all pixels (forward sets)
//   4. Explanations       why an earlier pixel is not seen
//
// Coordinates are (row, col) with row 0 at the top; raster order is row-major, and with C = 3
// the channels of a pixel come in the order R, G, B.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ps::viz {

// ---------------------------------------------------------------------------------------------
// 1. ArchSpec
enum class Arch { PixelCnn, RowLstm, DiagBiLstm, Gated, MaskedStack };

// pixelcnn | rowlstm | diagbilstm | gated | masked_stack: the same names the engine's --arch uses
// (masked_stack is the textbook stack of L masked k x k convolutions, mask A first, no engine
// model). hidden sizes do not matter to a dependency set, so h is not part of the spec.
struct ArchSpec {
    Arch arch = Arch::PixelCnn;
    int layers = 3;        // L: blocks / LSTM layers / gated layers; for masked_stack the number
                           // of convolutions including the first (mask A) one
    int kernel = 3;        // block kernel (PixelCNN 3x3 mask B, Gated vertical k x k / horizontal
                           // 1 x k, masked_stack every conv); Row LSTM and Diagonal BiLSTM have
                           // fixed 1x3 / 1x1 + 2-tap recurrences and ignore it
    int input_kernel = 7;  // the first layer's mask A kernel (masked_stack uses `kernel`)
    int channels = 1;      // C: 1 or 3
};

// The canonical tiny configurations of DESIGN §2 (PixelCNN L=5, Row LSTM L=2, Diagonal BiLSTM
// L=2, Gated L=5; masked_stack: the classic 3 convs of 3x3), with C channels.
ArchSpec canonical_spec(Arch arch, int channels = 1);

const char* arch_name(Arch arch);                  // "pixelcnn", ...
const char* arch_title(Arch arch);                 // "PixelCNN", "Row LSTM", ...
bool parse_arch(const std::string& s, Arch& out);  // also accepts "masked-stack"
// Throws std::invalid_argument naming the bad field (odd kernels 1..11, layers 0..64, C in {1,3}).
void validate(const ArchSpec& spec);

// ---------------------------------------------------------------------------------------------
// 2. Field results
enum class PixelClass : uint8_t {
    Seen,       // before p in raster order, at least one channel is in the field
    BlindSpot,  // before p in raster order, not in the field
    Self,       // p itself (with C = 3 it may still see earlier channels of p)
    Future,     // after p in raster order: never seen
};

struct ReceptiveField {
    int height = 0, width = 0, channels = 1;
    int row = 0, col = 0, channel = 0;  // the target output
    int layers_shown = 0;
    // seen_channels[r * W + c]: bit i set iff input channel i of pixel (r, c) is in the field.
    std::vector<uint8_t> seen_channels;  // (H, W)
    std::vector<PixelClass> classes;     // (H, W)

    bool seen(int r, int c) const { return seen_channels[static_cast<size_t>(r * width + c)] != 0; }
    bool seen(int r, int c, int ch) const {
        return (seen_channels[static_cast<size_t>(r * width + c)] >> ch) & 1u;
    }
    PixelClass at(int r, int c) const { return classes[static_cast<size_t>(r * width + c)]; }
    int count(PixelClass k) const;
};

// ---------------------------------------------------------------------------------------------
// 3. Computations
// layers_shown: the field after the input layer and the first n layers (n in 0..L; -1 = L).
// For masked_stack n counts convolutions (0 = nothing applied, so nothing is seen).
// Throws std::invalid_argument on a bad spec, size (1..64) or target.
ReceptiveField receptive_field(const ArchSpec& spec, int height, int width, int row, int col,
                               int channel = 0, int layers_shown = -1);

// Every pixel's field at once (forward propagation of dependency sets through the layers).
// fields[(r * W + c) * C + ch] is the field of output (r, c, ch).
std::vector<ReceptiveField> all_receptive_fields(const ArchSpec& spec, int height, int width,
                                                 int layers_shown = -1);

// Build the ReceptiveField of target (row, col, channel) from a raw input bit set
// (bit (r * W + c) * C + ch), filling the classes. Shared by the analytic and empirical sources.
ReceptiveField field_from_support(int height, int width, int channels, int row, int col,
                                  int channel, int layers_shown, const std::vector<bool>& support);

// The empirical field: input (pixel, channel) whose accumulated |d logit_p / d input| exceeds
// `threshold`. magnitudes[(r * W + c) * C + ch], as the engine's gradient of one output.
ReceptiveField field_from_gradient(int height, int width, int channels, int row, int col,
                                   int channel, const std::vector<float>& magnitudes,
                                   float threshold = 0.0f);

// Where two fields disagree: (pixel, channel) seen by one and not the other.
struct FieldMismatch {
    int row = 0, col = 0, channel = 0;
    bool in_first = false;  // seen by `a` only (else by `b` only)
};
std::vector<FieldMismatch> diff_fields(const ReceptiveField& a, const ReceptiveField& b);

// ---------------------------------------------------------------------------------------------
// 4. Explanations
struct UnseenPixel {
    int row = 0, col = 0;
    int layers_needed = -1;  // the depth at which it enters the field; -1: at no depth
    std::string text;        // one sentence for the view
};

// For each pixel before the target that the field misses, why. Runs the same architecture deeper
// (up to L + H + W layers, stopping when the field stops growing) to tell a structural blind
// spot from a pixel that is merely out of reach at this depth.
std::vector<UnseenPixel> explain_unseen(const ArchSpec& spec, const ReceptiveField& field);

// "q" for (3, 1) on a 5x5 grid when H * W <= 26 (the classic lettered figure), else "(3,1)".
std::string pixel_label(int row, int col, int height, int width);

}  // namespace ps::viz
