// libFuzzer target: the safetensors loader (src/engine/checkpoint.hpp) on arbitrary bytes.
// decode_safetensors runs every check of load_safetensors (which only adds reading the file) on
// bytes in memory: header length, JSON, UTF-8, dtypes, shapes, offsets, overlaps, non-finite values.
// Invariants checked: a decoded file re-encodes and decodes to the same tensors; a failure always
// has a message.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "engine/checkpoint.hpp"

namespace {

using Tensors = std::map<std::string, std::pair<std::vector<std::size_t>, std::vector<float>>>;
Tensors by_name(const ps::engine::Checkpoint& c) {
    Tensors m;
    for (const ps::engine::CheckpointTensor& t : c.tensors) m[t.name] = {t.shape, t.data};
    return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> bytes(data, data + size);
    const ps::engine::CheckpointResult r = ps::engine::decode_safetensors(bytes, "fuzz");
    if (!r.ok) {
        if (r.error.empty()) std::abort();
        return 0;
    }
    // round trip: what was accepted is written back and read again with the same tensors (compared
    // by name: zero-size tensors share an offset, so their order is not fixed)
    const ps::engine::CheckpointResult again =
        ps::engine::decode_safetensors(ps::engine::encode_safetensors(r.checkpoint), "again");
    if (!again.ok || again.checkpoint.metadata != r.checkpoint.metadata) std::abort();
    if (by_name(again.checkpoint) != by_name(r.checkpoint)) std::abort();

    return 0;
}
