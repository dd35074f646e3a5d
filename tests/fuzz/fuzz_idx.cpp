// libFuzzer target: the IDX reader (src/data/idx.hpp) on arbitrary bytes.
// Raw bytes go to parse_idx_u8 as images (rank 3) and as labels (rank 1). Bytes that start with
// the gzip magic (1f 8b) are also written to a file and read with read_idx_u8, so zlib's path
// (concatenated members, size caps, truncated streams) runs exactly as for a user's .gz file.
// Invariant checked on success: the payload is exactly prod(dims) bytes and every dim >= 1.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "data/idx.hpp"

namespace {

void check(const ps::data::IdxResult& r, int rank) {
    if (!r.ok) {
        if (r.error.empty()) std::abort();  // a failure must say why
        return;
    }
    if (int(r.array.dims.size()) != rank) std::abort();
    std::uint64_t n = 1;
    for (std::uint32_t d : r.array.dims) {
        if (d == 0) std::abort();
        n *= d;
    }
    if (n != r.array.data.size()) std::abort();
}

std::string temp_file() {
    // one file per fuzzing process, in RAM when /dev/shm exists
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(dir) + "/pixelscope-fuzz-idx-" + std::to_string(getpid()) + ".gz";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> bytes(data, data + size);
    check(ps::data::parse_idx_u8(bytes, 3, "fuzz-images"), 3);
    check(ps::data::parse_idx_u8(bytes, 1, "fuzz-labels"), 1);
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
        static const std::string path = temp_file();
        if (FILE* f = std::fopen(path.c_str(), "wb")) {
            std::fwrite(data, 1, size, f);
            std::fclose(f);
            check(ps::data::read_idx_u8(path, 3), 3);
            check(ps::data::read_idx_u8(path, 1), 1);
            std::remove(path.c_str());
        }
    }
    return 0;
}
