// PNG export on stb_image_write: grey, grey+alpha, RGB or RGBA u8 buffers, optional
// nearest-neighbour scale-up (each pixel becomes a scale x scale block, so digits stay crisp),
// written atomically (a temporary file beside the target, fsync, rename): a reader never sees a
// half-written PNG and a failed write leaves any old file untouched.
//
// Buffers are interleaved (H, W, channels) row-major, as PNG and GL textures take them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "viz/colour.hpp"

namespace ps::viz {

// (H, W, channels) -> (H*scale, W*scale, channels). scale >= 1.
std::vector<std::uint8_t> scale_nearest(const std::uint8_t* pixels, int width, int height,
                                        int channels, int scale);

// The PNG file's bytes (channels 1..4). Empty on failure (bad sizes).
std::vector<std::uint8_t> encode_png(const std::uint8_t* pixels, int width, int height,
                                     int channels);

// Scales, encodes and writes atomically. On failure returns false and sets `error` to
// "<path>: <problem>" (e.g. "out/x.png: cannot create out/x.png.tmp.123: No such file or
// directory"); any existing file at `path` is left as it was.
bool save_png(const std::string& path, const std::uint8_t* pixels, int width, int height,
              int channels, std::string& error, int scale = 1);
bool save_png_gray(const std::string& path, const std::vector<std::uint8_t>& pixels, int width,
                   int height, std::string& error, int scale = 1);
bool save_png_rgba(const std::string& path, const RgbaImage& image, std::string& error,
                   int scale = 1);

// Writes bytes to `path` atomically (temporary file beside it, fsync, rename).
bool write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes,
                       std::string& error);

}  // namespace ps::viz
