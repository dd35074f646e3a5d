// libFuzzer target: the safetensors loader (src/engine/checkpoint.hpp) on arbitrary bytes.
// decode_safetensors runs every check of load_safetensors on bytes in memory. When it accepts a
// file that names an arch and a config, the bytes also go through load_model (from a file, as
// the app loads them): config parsing, model building and the name/shape checks.
// Invariants checked: a decoded file re-encodes and decodes to the same tensors; a failure always
// has a message.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/checkpoint.hpp"

namespace {

std::string temp_file() {
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(dir) + "/pixelscope-fuzz-ckpt-" + std::to_string(getpid()) +
           ".safetensors";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> bytes(data, data + size);
    const ps::engine::CheckpointResult r = ps::engine::decode_safetensors(bytes, "fuzz");
    if (!r.ok) {
        if (r.error.empty()) std::abort();
        return 0;
    }
    // round trip: what was accepted is written back and read again identically
    const ps::engine::CheckpointResult again =
        ps::engine::decode_safetensors(ps::engine::encode_safetensors(r.checkpoint), "again");
    if (!again.ok || again.checkpoint.tensors.size() != r.checkpoint.tensors.size() ||
        again.checkpoint.metadata != r.checkpoint.metadata)
        std::abort();
    for (std::size_t i = 0; i < r.checkpoint.tensors.size(); ++i)
        if (again.checkpoint.tensors[i].name != r.checkpoint.tensors[i].name ||
            again.checkpoint.tensors[i].shape != r.checkpoint.tensors[i].shape ||
            again.checkpoint.tensors[i].data != r.checkpoint.tensors[i].data)
            std::abort();

    const auto& meta = r.checkpoint.metadata;
    if (meta.count("arch") && meta.count("config")) {
        static const std::string path = temp_file();
        if (FILE* f = std::fopen(path.c_str(), "wb")) {
            std::fwrite(data, 1, size, f);
            std::fclose(f);
            const ps::engine::LoadedModel m = ps::engine::load_model(path);
            if (!m.ok && m.error.empty()) std::abort();
            if (m.ok && !m.model) std::abort();
            std::remove(path.c_str());
        }
    }
    return 0;
}
