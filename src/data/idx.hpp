// IDX files (LeCun's MNIST format), raw or gzip-compressed, unsigned-byte data only.
//
//   offset 0   u8 0, u8 0            every IDX file starts with two zero bytes
//          2   u8 type               0x08 = unsigned byte (the only one read here)
//          3   u8 rank               3 for images (N, H, W), 1 for labels (N)
//          4   u32 big-endian dims   rank of them, each >= 1
//          4 + 4*rank                the payload: prod(dims) bytes, row-major, nothing after it
//
// So images have magic 0x00000803 and labels 0x00000801. Gzip is recognised by its first two
// bytes (1f 8b), never by the file name. Every check failure comes back as a one-line message
// "<file>: <problem>" that names the byte offset where one applies (offsets inside a .gz file
// are offsets in its decompressed data, and say so).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ps::data {

// Largest payload accepted (bytes): the product of the dimensions must not exceed it. Fashion-MNIST
// train images are 47 MB; anything near this cap is a corrupt header, not a data set.
constexpr std::uint64_t k_idx_max_payload = 1'000'000'000;

struct IdxArray {
    std::vector<std::uint32_t> dims;  // e.g. (N, H, W)
    std::vector<std::uint8_t> data;   // prod(dims) bytes, row-major
};

struct IdxResult {
    bool ok = false;
    IdxArray array;
    std::string error;  // "<file>: <problem>" when !ok
};

// The bytes of a file, gunzipped if it starts with 1f 8b (concatenated gzip members are joined,
// as gunzip does). `max_bytes` caps the (decompressed) size. `gzipped` tells which it was.
struct BytesResult {
    bool ok = false;
    bool gzipped = false;
    std::vector<std::uint8_t> bytes;
    std::string error;
};
BytesResult read_file_bytes(const std::string& path, std::uint64_t max_bytes);

// Parses IDX bytes already in memory (taken by value: the payload is moved into the result);
// `name` is used in messages, `gzipped` only changes how offsets are worded. `expected_rank` is
// 3 for images, 1 for labels.
IdxResult parse_idx_u8(std::vector<std::uint8_t> bytes, int expected_rank, const std::string& name,
                       bool gzipped = false);

// read_file_bytes + parse_idx_u8.
IdxResult read_idx_u8(const std::string& path, int expected_rank);

}  // namespace ps::data
