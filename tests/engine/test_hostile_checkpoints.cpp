// Hostile checkpoints the round-trip tests (test_checkpoint.cpp) do not cover (issue #9): empty
// and header-only files, header lengths of 0 and 2^64-1, wrong JSON types in every field, dims
// past 2^32 and zero dims, a tensor named like the metadata, and the stray temporaries of a killed
// writer. Each must give one message naming the file, never a crash.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/checkpoint.hpp"

using namespace ps::engine;

namespace {

std::vector<std::uint8_t> file_with(const std::string& header, std::size_t data_bytes,
                                    std::uint64_t declared) {
    std::vector<std::uint8_t> b(8 + header.size() + data_bytes, 0);
    for (int i = 0; i < 8; ++i) b[std::size_t(i)] = std::uint8_t(declared >> (8 * i));
    std::memcpy(b.data() + 8, header.data(), header.size());
    return b;
}

std::vector<std::uint8_t> file_with(const std::string& header, std::size_t data_bytes) {
    return file_with(header, data_bytes, header.size());
}

}  // namespace

TEST_CASE("hostile checkpoints: lengths, JSON types, dims") {
    struct Bad {
        std::vector<std::uint8_t> bytes;
        const char* expect;
    };
    const std::vector<Bad> bad = {
        {{}, "too short"},
        {file_with("", 0), "does not start with '{'"},  // header length 0
        {file_with("{}", 0, ~std::uint64_t(0)), "exceeds"},
        {file_with("{}", 0, 3), "runs past the end"},
        {file_with("\"just a string\"", 0), "does not start with '{'"},
        {file_with("{} trailing", 0), "header JSON"},
        {file_with(R"({"__metadata__":[1,2]})", 0), "__metadata__ is not an object"},
        {file_with(R"({"__metadata__":{"arch":null}})", 0), "not a string"},
        {file_with(R"({"__metadata__":{"a":")" "\xc3\x28" R"("}})", 0), "header JSON"},  // bad UTF-8
        {file_with(R"({"a":[1,2]})", 0), "needs dtype, shape"},
        {file_with(R"({"a":{"dtype":7,"shape":[1],"data_offsets":[0,4]}})", 4), "dtype"},
        {file_with(R"({"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})", 8), "dtype"},
        {file_with(R"({"a":{"dtype":"F32","shape":"2","data_offsets":[0,8]}})", 8), "array"},
        {file_with(R"({"a":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[0,4]}})",
                   4),
         "at most 8"},
        {file_with(R"({"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}})", 8),
         "non-integer"},
        {file_with(R"({"a":{"dtype":"F32","shape":[8589934592],"data_offsets":[0,8]}})", 8),
         "too large"},
        {file_with(R"({"a":{"dtype":"F32","shape":[0,8589934592],"data_offsets":[0,0]}})", 0),
         "too large"},
        {file_with(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}})", 8), "[begin, end]"},
        {file_with(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,-8]}})", 8),
         "[begin, end]"},
        {file_with(R"({"a":{"dtype":"F32","shape":[2],)"
                   R"("data_offsets":[18446744073709551615,8]}})",
                   8),
         "out of range"},
        {file_with(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                   R"("b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                   8),
         "overlaps"},
    };
    for (const Bad& b : bad) {
        CAPTURE(b.expect);
        const CheckpointResult r = decode_safetensors(b.bytes, "hostile.safetensors");
        CHECK_FALSE(r.ok);
        CHECK(r.error.rfind("hostile.safetensors: ", 0) == 0);
        CHECK(r.error.find(b.expect) != std::string::npos);
        CHECK(r.checkpoint.tensors.empty());
    }
    // a zero-size tensor is legal (safetensors allows it) and takes no bytes
    const CheckpointResult empty = decode_safetensors(
        file_with(R"({"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]}})", 0), "e");
    REQUIRE(empty.ok);
    REQUIRE(empty.checkpoint.tensors.size() == 1);
    CHECK(empty.checkpoint.tensors[0].data.empty());
}

TEST_CASE("load: an empty file and a directory are messages, not crashes") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("ps_hostile_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string empty = (dir / "empty.safetensors").string();
    std::ofstream(empty).close();
    const CheckpointResult r = load_safetensors(empty);
    CHECK_FALSE(r.ok);
    CHECK(r.error.rfind(empty + ": ", 0) == 0);
    const LoadedModel m = load_model(dir.string());
    CHECK_FALSE(m.ok);
    CHECK(m.model == nullptr);
    CHECK(m.error == dir.string() + ": not a regular file");
    fs::remove_all(dir);
}

TEST_CASE("a save removes the temporaries of dead writers and keeps a live one's") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("ps_stale_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path out = dir / "m.safetensors";
    // pid 2^22 + 1 is above the largest pid_max Linux allows (2^22), so no process has it
    const fs::path dead = dir / "m.safetensors.tmp.4194305";
    const fs::path live = dir / ("m.safetensors.tmp." + std::to_string(::getppid()));
    const fs::path other = dir / "n.safetensors.tmp.4194305";  // another checkpoint's
    for (const fs::path& p : {dead, live, other}) std::ofstream(p) << "partial";
    Checkpoint c;
    c.tensors.push_back({"w", {2}, {1.f, 2.f}});
    std::string error;
    REQUIRE(save_safetensors(out.string(), c, error));
    CHECK_FALSE(fs::exists(dead));
    CHECK(fs::exists(live));
    CHECK(fs::exists(other));
    CHECK(load_safetensors(out.string()).ok);
    fs::remove_all(dir);
}
