// Checkpoints: round trip, the bytes a safetensors reader expects, and hostile files that must
// give a message naming the file and the problem, never a crash.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <unistd.h>

#include "engine/checkpoint.hpp"

using namespace ps::engine;

namespace {

ModelConfig tiny() {
    ModelConfig c;
    c.h = 4;
    c.layers = 2;
    c.channels = 3;
    c.height = c.width = 6;
    c.output = OutputKind::softmax256;
    return c;
}

std::string temp_path(const char* name) {
    return std::string("/tmp/ps_engine_test_") + std::to_string(::getpid()) + "_" + name;
}

std::vector<std::uint8_t> with_header(const std::string& header, std::size_t data_bytes,
                                      long long declared = -1) {
    std::vector<std::uint8_t> b(8 + header.size() + data_bytes, 0);
    const std::uint64_t n = declared < 0 ? header.size() : std::uint64_t(declared);
    for (int i = 0; i < 8; ++i) b[std::size_t(i)] = std::uint8_t(n >> (8 * i));
    std::memcpy(b.data() + 8, header.data(), header.size());
    return b;
}

}  // namespace

TEST_CASE("checkpoint round trip: same values, metadata and config") {
    auto m = make_model<float>(tiny(), 42);
    const std::string path = temp_path("round.safetensors");
    std::string error;
    REQUIRE(save_model(path, *m, {{"dataset", "colored-mnist"}, {"step", "7"}}, error));
    LoadedModel back = load_model(path);
    REQUIRE_MESSAGE(back.ok, back.error);
    CHECK(back.metadata.at("dataset") == "colored-mnist");
    CHECK(back.metadata.at("step") == "7");
    CHECK(back.metadata.at("arch") == "pixelcnn");
    CHECK(back.model->config().to_json() == m->config().to_json());
    REQUIRE(back.model->params().size() == m->params().size());
    for (int k = 0; k < m->params().size(); ++k) {
        CAPTURE(m->params()[k].name);
        CHECK(back.model->params()[k].value == m->params()[k].value);
    }
    // the bytes: 8-byte LE length, JSON header, data aligned to 8, F32 LE in param order
    std::ifstream in(path, std::ios::binary);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
    std::uint64_t n = 0;
    for (int i = 0; i < 8; ++i) n |= std::uint64_t(bytes[std::size_t(i)]) << (8 * i);
    CHECK(n % 8 == 0);
    CHECK(bytes[8] == '{');
    CHECK(bytes.size() == 8 + n + m->params().total_values() * 4);
    float first;
    std::memcpy(&first, bytes.data() + 8 + n, 4);
    CHECK(first == m->params()[0].value[0]);
    CHECK(encode_safetensors(decode_safetensors(bytes, "x").checkpoint) == bytes);
    std::remove(path.c_str());
}

TEST_CASE("hostile checkpoints give one message naming the file and the problem") {
    struct Bad {
        std::vector<std::uint8_t> bytes;
        const char* expect;
    };
    const std::string ok_tensor = R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
    const std::vector<Bad> bad = {
        {{1, 2, 3}, "too short"},
        {with_header("{}", 0, 1000), "runs past the end"},
        {with_header("{}", 0, (long long)(1) << 40), "exceeds"},
        {with_header("[1,2]", 0), "does not start with '{'"},
        {with_header("{\"a\":", 0), "header JSON"},
        {with_header("{\"a\xff\xfe\":1}", 0), "header JSON"},
        {with_header(R"({"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})", 4), "dtype"},
        {with_header(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8), "holds 12"},
        {with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}})", 8),
         "out of range"},
        {with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", 8),
         "out of range"},
        {with_header(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})",
                     8),
         "needs more than"},
        {with_header(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8),
         "non-integer or negative"},
        {with_header("{" + ok_tensor +
                         R"(,"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                     12),
         "overlaps"},
        {with_header("{" + ok_tensor + "}", 12), "tensors cover 8"},
        {with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12), "gap"},
        {with_header(R"({"a":{"dtype":"F32","shape":[2]}})", 8), "needs dtype, shape"},
        {with_header(R"({"__metadata__":{"step":3}})", 0), "not a string"},
    };
    for (const Bad& b : bad) {
        CAPTURE(b.expect);
        const CheckpointResult r = decode_safetensors(b.bytes, "bad.safetensors");
        CHECK_FALSE(r.ok);
        CHECK(r.error.rfind("bad.safetensors: ", 0) == 0);
        CHECK(r.error.find(b.expect) != std::string::npos);
    }
    // NaN data
    auto nan_bytes = with_header("{" + ok_tensor + "}", 8);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(nan_bytes.data() + nan_bytes.size() - 4, &nan, 4);
    CHECK(decode_safetensors(nan_bytes, "n").error.find("not finite") != std::string::npos);
}

TEST_CASE("model checkpoints: missing, extra and misshapen tensors, bad metadata") {
    auto m = make_model<float>(tiny(), 1);
    const std::string path = temp_path("model.safetensors");
    std::string error;
    auto expect_error = [&](Checkpoint c, const char* what) {
        CAPTURE(what);
        REQUIRE(save_safetensors(path, c, error));
        LoadedModel r = load_model(path);
        CHECK_FALSE(r.ok);
        CHECK(r.model == nullptr);
        CHECK(r.error.rfind(path + ": ", 0) == 0);
        CHECK(r.error.find(what) != std::string::npos);
    };
    Checkpoint c = make_checkpoint(*m, {});
    Checkpoint missing = c;
    missing.tensors.pop_back();
    expect_error(missing, "'head.1.bias' is missing");
    Checkpoint extra = c;
    extra.tensors.push_back({"blocks.9.conv.weight", {1}, {0.f}});
    expect_error(extra, "unexpected tensor 'blocks.9.conv.weight'");
    Checkpoint shape = c;
    shape.tensors[0].shape = {shape.tensors[0].data.size()};
    expect_error(shape, "has shape");
    Checkpoint no_meta = c;
    no_meta.metadata.erase("config");
    expect_error(no_meta, "lacks 'arch' or 'config'");
    Checkpoint bad_cfg = c;
    bad_cfg.metadata["config"] = R"({"arch":"pixelcnn","h":-1})";
    expect_error(bad_cfg, "model config");
    CHECK(load_model("/nonexistent/x.safetensors").error.find("cannot open") != std::string::npos);
    CHECK_FALSE(save_safetensors("/nonexistent/dir/x.safetensors", c, error));
    CHECK(error.find("/nonexistent/dir/x.safetensors: cannot create") == 0);
    std::remove(path.c_str());
}

TEST_CASE("masked weights are stored as +0 bit patterns") {
    auto m = make_model<float>(tiny(), 3);
    const Checkpoint c = make_checkpoint(*m, {});
    int zeros = 0;
    for (int k = 0; k < m->params().size(); ++k)
        for (std::size_t i = 0; i < c.tensors[std::size_t(k)].data.size(); ++i)
            if (m->params()[k].mask[i] == 0.f) {
                std::uint32_t bits;
                std::memcpy(&bits, &c.tensors[std::size_t(k)].data[i], 4);
                REQUIRE(bits == 0u);
                ++zeros;
            }
    CHECK(zeros > 0);
}
