// Hostile inputs end to end (issue #9): every checkpoint, flag and path a user can hand the real
// binary (PIXELSCOPE_BINARY) gives exit 2 and one stderr line "pixelscope: <file or flag>: <the
// problem>", never a signal, a sanitizer report, a hang or a silent 0, and writes no output.
// The loaders' own tests (tests/engine/test_*checkpoint*.cpp, tests/data/test_idx.cpp) go through
// every check in memory; this file shows each kind of failure reaches the user as that one line.
//
//   1. Checkpoints: lying header lengths, offsets, dtypes, dims, UTF-8, names, shapes, metadata,
//      for eval, sample, complete and debug grads
//   2. Flags: NaN and out-of-range numbers, unknown values, one line from the parser too
//   3. Paths: data files that are not IDX, outputs in missing folders
#include <doctest/doctest.h>

#include "cli_run.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "engine/checkpoint.hpp"

namespace {

namespace fs = std::filesystem;
namespace en = ps::engine;

using ps::test::contains;
using ps::test::one_line;
using ps::test::Run;
using ps::test::slurp;
using ps::test::TempDir;

// `pixelscope <args>` in `dir`; stdout and stderr captured there.
Run run(const fs::path& dir, const std::string& args) {
    return ps::test::run_pixelscope(dir, args, dir);
}

// [u64 LE declared length][header][data_bytes zero bytes]
std::string with_header(const std::string& header, std::size_t data_bytes, std::uint64_t declared) {
    std::string b(8, '\0');
    for (int i = 0; i < 8; ++i) b[std::size_t(i)] = char(std::uint8_t(declared >> (8 * i)));
    return b + header + std::string(data_bytes, '\0');
}
std::string with_header(const std::string& header, std::size_t data_bytes) {
    return with_header(header, data_bytes, header.size());
}

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

// A real checkpoint of a tiny model for mnist (1x28x28), so only the damage differs.
en::Checkpoint tiny_checkpoint() {
    en::ModelConfig c;
    c.arch = "pixelcnn";
    c.h = 2;
    c.layers = 1;
    const auto model = en::make_model<float>(c, 1);
    return en::make_checkpoint(*model, {{"dataset", "mnist"}});
}

struct BadFile {
    std::string name;    // file name inside the temporary folder
    std::string expect;  // part of the message after "pixelscope: <path>: "
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// 1. Checkpoints
TEST_CASE("hostile checkpoints: eval, sample, complete and debug grads print one line, exit 2") {
    if (!fs::exists(PIXELSCOPE_BINARY)) {
        MESSAGE("pixelscope not built: " << PIXELSCOPE_BINARY);
        return;
    }
    TempDir tmp;
    const fs::path& d = tmp.path;
    std::vector<BadFile> files;
    auto add_bytes = [&](const std::string& name, const std::string& bytes,
                         const std::string& expect) {
        write_file(d / name, bytes);
        files.push_back({name, expect});
    };
    auto add_checkpoint = [&](const std::string& name, const en::Checkpoint& c,
                              const std::string& expect) {
        std::string error;
        REQUIRE(en::save_safetensors((d / name).string(), c, error));
        files.push_back({name, expect});
    };
    const std::string a = R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";

    // the header length lies: far past any file, a little past this one, zero
    add_bytes("huge-length.safetensors", with_header("{" + a + "}", 8, std::uint64_t(1) << 40),
              "exceeds");
    add_bytes("past-end.safetensors", with_header("{" + a + "}", 8, 4096), "runs past the end");
    add_bytes("zero-length.safetensors", with_header("", 8, 0), "does not start with '{'");
    add_bytes("text.safetensors", "this is a note, not a checkpoint\n", "exceeds");
    add_bytes("empty.safetensors", "", "too short");
    // offsets overlapping, out of range, reversed; a gap; bytes left over
    add_bytes(
        "overlap.safetensors",
        with_header("{" + a + R"(,"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12),
        "overlaps");
    add_bytes("out-of-range.safetensors",
              with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}})", 8),
              "out of range");
    add_bytes("reversed.safetensors",
              with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", 8),
              "out of range");
    add_bytes("gap.safetensors",
              with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12), "gap");
    add_bytes("leftover.safetensors", with_header("{" + a + "}", 12), "tensors cover 8");
    // dtypes and shapes
    add_bytes("f16.safetensors",
              with_header(R"({"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})", 4), "dtype");
    add_bytes("shape-vs-span.safetensors",
              with_header(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8),
              "holds 12");
    add_bytes(
        "huge-dims.safetensors",
        with_header(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})",
                    8),
        "needs more than");
    add_bytes("huge-dim.safetensors",
              with_header(R"({"a":{"dtype":"F32","shape":[8589934592],"data_offsets":[0,8]}})", 8),
              "too large");
    add_bytes("negative-dim.safetensors",
              with_header(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8),
              "non-integer or negative");
    // JSON that is not UTF-8, not JSON, or not the expected types
    add_bytes(
        "latin1.safetensors",
        with_header("{\"caf\xe9\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
        "header JSON");
    add_bytes("cut-json.safetensors", with_header(R"({"a":{"dtype":)", 0), "header JSON");
    add_bytes("meta-types.safetensors", with_header(R"({"__metadata__":{"step":3}})", 0),
              "not a string");
    // names missing or extra, wrong shapes, metadata, non-finite values: a real model's tensors
    const en::Checkpoint good = tiny_checkpoint();
    en::Checkpoint c = good;
    c.tensors.pop_back();
    add_checkpoint("missing-tensor.safetensors", c, "is missing");
    c = good;
    c.tensors.push_back({"blocks.7.conv.weight", {1}, {0.f}});
    add_checkpoint("extra-tensor.safetensors", c, "unexpected tensor 'blocks.7.conv.weight'");
    c = good;
    for (en::CheckpointTensor& t : c.tensors) {
        if (t.shape.size() < 2) continue;
        t.shape = {t.data.size()};  // the first 4-D weight, flattened: same values, wrong shape
        break;
    }
    add_checkpoint("flat-weight.safetensors", c, "has shape");
    c = good;
    c.metadata.erase("config");
    add_checkpoint("no-config.safetensors", c, "lacks 'arch' or 'config'");
    c = good;
    c.metadata["config"] = R"({"arch":"pixelcnn","h":-1})";
    add_checkpoint("bad-config.safetensors", c, "model config");
    c = good;
    c.metadata["config"] = R"({"arch":"pixelcnn","h":2,"layers":1,"height":100000,"width":100000})";
    add_checkpoint("huge-image.safetensors", c, "model config");
    c = good;
    c.tensors[0].data[0] = std::numeric_limits<float>::quiet_NaN();
    add_checkpoint("nan.safetensors", c, "not finite");
    // not a file at all
    fs::create_directories(d / "folder.safetensors");
    files.push_back({"folder.safetensors", "not a regular file"});
    files.push_back({"absent.safetensors", "cannot open"});

    const std::vector<std::string> commands = {"eval", "sample --count 1 --out o.png",
                                               "complete --count 1 --out o.png",
                                               "debug grads --indices 0 --out g.safetensors"};
    for (const BadFile& f : files) {
        for (const std::string& cmd : commands) {
            CAPTURE(f.name);
            CAPTURE(cmd);
            const std::string verb = cmd.substr(0, cmd.find(" --"));
            const Run r = run(d, verb + " " + f.name + cmd.substr(verb.size()));
            CAPTURE(r.err);
            CHECK(r.status == 2);
            CHECK(one_line(r.err));
            CHECK(r.err.rfind("pixelscope: " + f.name + ": ", 0) == 0);
            CHECK(contains(r.err, f.expect));
            CHECK_FALSE(fs::exists(d / "o.png"));
            CHECK_FALSE(fs::exists(d / "g.safetensors"));
            fs::remove(d / "o.png");  // so one failure does not fail every later case
            fs::remove(d / "g.safetensors");
        }
    }
    // the undamaged checkpoint passes (so the failures above are the damage, not the setup)
    add_checkpoint("good.safetensors", good, "");
    CHECK(run(d, "sample good.safetensors --count 1 --out o.png").status == 0);
    CHECK(fs::exists(d / "o.png"));
}

// ---------------------------------------------------------------------------------------------
// 2. Flags
TEST_CASE("bad flags: NaN, out of range and unknown values are one line and exit 2") {
    if (!fs::exists(PIXELSCOPE_BINARY)) return;
    TempDir tmp;
    const fs::path& d = tmp.path;
    std::string error;
    REQUIRE(en::save_safetensors((d / "m.safetensors").string(), tiny_checkpoint(), error));
    struct Case {
        std::string args, expect;
    };
    // NaN passed CLI11's Range checks (every comparison with NaN is false): --ema nan crashed
    // the trainer, --seconds nan never stopped, --lr nan trained on NaN and exited 0.
    const std::vector<Case> cases = {
        {"train --ema nan --seconds 1 --out t.safetensors", "--ema"},
        {"train --seconds nan --out t.safetensors", "--seconds"},
        {"train --epochs nan --out t.safetensors", "--epochs"},
        {"train --lr nan --seconds 1 --out t.safetensors", "--lr"},
        {"train --lr -1 --seconds 1 --out t.safetensors", "--lr"},
        {"train --checkpoint-every nan --seconds 1 --out t.safetensors", "--checkpoint-every"},
        {"train --h 0 --out t.safetensors", "--h"},
        {"train --arch pixelgan --out t.safetensors", "--arch"},
        {"train --seconds 1", "--out"},
        {"sample m.safetensors --temperature nan --out o.png", "--temperature"},
        {"sample m.safetensors --temperature inf --out o.png", "--temperature"},
        {"sample m.safetensors --count 0 --out o.png", "--count"},
        {"sample m.safetensors --mode fast --out o.png", "--mode"},
        {"complete m.safetensors --temperature nan --out o.png", "--temperature"},
        {"complete m.safetensors --rows-kept 99 --out o.png", "--rows-kept"},
        {"complete m.safetensors --index -1 --out o.png", "--index"},
        {"bench --seconds nan", "--seconds"},
        {"eval m.safetensors --split validation", "--split"},
        {"eval m.safetensors --frobnicate", "--frobnicate"},
        {"--train-seconds nan --screenshot o.png", "--train-seconds"},
        {"--size 10x10 --screenshot o.png", "--size"},
        {"--lang fr --screenshot o.png", "--lang"},
        {"--step 3 --screenshot o.png", "--step"},
        {"frobnicate", "frobnicate"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.args);
        const Run r = run(d, c.args);
        CAPTURE(r.err);
        CHECK(r.status == 2);
        CHECK(one_line(r.err));
        CHECK(r.err.rfind("pixelscope", 0) == 0);
        CHECK(contains(r.err, c.expect));
        CHECK_FALSE(fs::exists(d / "o.png"));
        CHECK_FALSE(fs::exists(d / "t.safetensors"));
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Paths
TEST_CASE("bad paths: a PNG or a folder as data, outputs in missing folders") {
    if (!fs::exists(PIXELSCOPE_BINARY)) return;
    TempDir tmp;
    const fs::path& d = tmp.path;
    std::string error;
    REQUIRE(en::save_safetensors((d / "m.safetensors").string(), tiny_checkpoint(), error));
    REQUIRE(run(d, "render masks --out picture.png").status == 0);  // a real PNG to misuse
    fs::create_directories(d / "empty-folder");
    struct Case {
        std::string args, expect;
    };
    const std::vector<Case> cases = {
        {"train --data picture.png --seconds 1 --out t.safetensors",
         "picture.png: not an IDX file: magic 0x89504e47 at offset 0"},
        {"eval m.safetensors --data picture.png", "picture.png: not an IDX file"},
        {"data info --data empty-folder", "empty-folder"},
        {"--data picture.png --screenshot o.png", "picture.png: not an IDX file"},
        {"train --data /no/such/images-idx3-ubyte --seconds 1 --out t.safetensors",
         "/no/such/images-idx3-ubyte: no such file"},
        {"train --seconds 1 --out /no/such/dir/t.safetensors", "/no/such/dir/"},
        {"sample m.safetensors --count 1 --out /no/such/dir/o.png",
         "/no/such/dir/o.png: cannot create"},
        {"complete m.safetensors --count 1 --out /no/such/dir/o.png",
         "/no/such/dir/o.png: cannot create"},
        {"debug grads m.safetensors --indices 0 --images picture.png --out g.safetensors",
         "picture.png: "},
        {"debug grads m.safetensors --indices 0 --out /no/such/dir/g.safetensors",
         "/no/such/dir/g.safetensors"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.args);
        const Run r = run(d, c.args);
        CAPTURE(r.err);
        CHECK(r.status == 2);
        CHECK(r.err.rfind("pixelscope: ", 0) == 0);
        CHECK(contains(r.err, c.expect));
        CHECK_FALSE(fs::exists(d / "o.png"));
        CHECK_FALSE(fs::exists(d / "t.safetensors"));
        CHECK_FALSE(fs::exists(d / "g.safetensors"));
    }
    // lessons --check reports like a compiler (one "<file>: <problem>" line per finding)
    const Run r = run(d, "lessons --check --dir /no/such/lessons");
    CHECK(r.status == 2);
    CHECK(r.err.rfind("/no/such/lessons: ", 0) == 0);
}
