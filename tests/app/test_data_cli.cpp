// `pixelscope data info` / `data show` end to end: the real binary (PIXELSCOPE_BINARY), its
// stdout, its one-line errors and exit codes, and the PNGs it writes.
#include <doctest/doctest.h>

#include "cli_run.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::string k_fixtures = std::string(PIXELSCOPE_TEST_FIXTURES) + "/idx/";

using ps::test::contains;
using ps::test::one_line;
using ps::test::Run;
using ps::test::slurp;
using ps::test::TempDir;

// Runs `pixelscope <args>` in folder `cwd` (default: a temporary one, to show the binary finds
// its assets from anywhere) and captures stdout, stderr and the exit status.
Run run(const std::string& args, const std::string& cwd = "") {
    TempDir tmp;
    return ps::test::run_pixelscope(cwd.empty() ? tmp.path : fs::path(cwd), args, tmp.path);
}

struct PngHeader {
    bool ok = false;
    unsigned width = 0, height = 0;
    int bit_depth = 0, colour_type = 0;  // colour type 0 grey, 2 RGB, 6 RGBA
};

// The PNG signature and the IHDR chunk, read by hand (8-byte signature, then length, "IHDR",
// width, height, bit depth, colour type).
PngHeader png_header(const fs::path& p) {
    const std::string b = slurp(p);
    PngHeader h;
    if (b.size() < 33 || b.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || b.compare(12, 4, "IHDR"))
        return h;
    auto u32 = [&](std::size_t at) {
        return unsigned(std::uint8_t(b[at])) << 24 | unsigned(std::uint8_t(b[at + 1])) << 16 |
               unsigned(std::uint8_t(b[at + 2])) << 8 | unsigned(std::uint8_t(b[at + 3]));
    };
    h.width = u32(16);
    h.height = u32(20);
    h.bit_depth = std::uint8_t(b[24]);
    h.colour_type = std::uint8_t(b[25]);
    h.ok = true;
    return h;
}

bool binary_present() {
    if (fs::exists(PIXELSCOPE_BINARY)) return true;
    MESSAGE("pixelscope binary not built: " << PIXELSCOPE_BINARY);
    return false;
}

}  // namespace

TEST_CASE("data info on the shipped mnist, from any folder") {
    REQUIRE(binary_present());
    for (const std::string cwd : {"", "/"}) {
        CAPTURE(cwd);
        const Run r = run("data info", cwd);
        CAPTURE(r.err);
        REQUIRE(r.status == 0);
        CHECK(r.err.empty());
        CHECK(contains(r.out, "dataset       mnist\n"));
        CHECK(contains(r.out, "images        10000, 1x28x28 (CxHxW), 28x28 pixels"));
        CHECK(contains(r.out, "8000 train / 2000 test (test iff index % 5 == 4)"));
        CHECK(contains(r.out, "mean pixel    33.4"));
        CHECK(contains(r.out, "binarised     0.13"));
        CHECK(contains(r.out, "      1    1127     902     225"));  // label, total, train, test
        CHECK(contains(r.out, "first labels  0 0 0"));
    }
    // --data mnist is the default, spelled out.
    CHECK(run("data info --data mnist").out.find("10000") != std::string::npos);
}

TEST_CASE("a copied binary finds assets/data beside it before the source tree's") {
    REQUIRE(binary_present());
    TempDir tmp;
    fs::create_directories(tmp.path / "bin");
    fs::create_directories(tmp.path / "assets/data");
    fs::copy_file(PIXELSCOPE_BINARY, tmp.path / "bin/pixelscope");
    // Stand-in "mnist": the 3-image fixture under the shipped names.
    fs::copy_file(k_fixtures + "gz/tiny-images-idx3-ubyte.gz",
                  tmp.path / "assets/data/mnist-images-idx3-ubyte.gz");
    fs::copy_file(k_fixtures + "gz/tiny-labels-idx1-ubyte.gz",
                  tmp.path / "assets/data/mnist-labels-idx1-ubyte.gz");
    const std::string cmd = "cd / && '" + (tmp.path / "bin/pixelscope").string() +
                            "' data info >'" + (tmp.path / "out.txt").string() + "' 2>&1";
    const int status = std::system(cmd.c_str());
    const std::string out = slurp(tmp.path / "out.txt");
    CAPTURE(out);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(contains(out, "images        3, 1x2x3"));
    CHECK(contains(out, (tmp.path / "bin/../assets/data/mnist-images-idx3-ubyte.gz").string()));
}

TEST_CASE("data info --data fashion / colored-mnist / an IDX path") {
    REQUIRE(binary_present());
    if (fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
        const Run r = run("data info --data fashion");
        CAPTURE(r.err);
        REQUIRE(r.status == 0);
        CHECK(contains(r.out, "images        70000, 1x28x28"));
        CHECK(contains(r.out, "60000 train / 10000 test"));
        CHECK(contains(r.out, "Ankle boot"));
    } else {
        MESSAGE("skipped --data fashion: dataset-fashion-mnist is not installed");
    }
    const Run c = run("data info --data colored-mnist");
    REQUIRE(c.status == 0);
    CHECK(contains(c.out, "images        10000, 3x28x28"));
    CHECK(contains(c.out, "(R "));

    const Run t = run("data info --data '" + k_fixtures + "gz/tiny-images-idx3-ubyte.gz'");
    CAPTURE(t.err);
    REQUIRE(t.status == 0);
    CHECK(contains(t.out, "images        3, 1x2x3"));
    CHECK(contains(t.out, "3 train / 0 test"));
}

TEST_CASE("data info on bad input: one line naming the file, exit 2") {
    REQUIRE(binary_present());
    SUBCASE("truncated IDX") {
        const std::string path = k_fixtures + "truncated-images-idx3-ubyte";
        const Run r = run("data info --data '" + path + "'");
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(one_line(r.err));
        CHECK(r.err.rfind("pixelscope: " + path + ": truncated payload", 0) == 0);
    }
    SUBCASE("missing file") {
        const Run r = run("data info --data /no/such/images-idx3-ubyte");
        CHECK(r.status == 2);
        CHECK(one_line(r.err));
        CHECK(contains(r.err, "pixelscope: /no/such/images-idx3-ubyte: no such file"));
    }
    SUBCASE("not an IDX file") {
        TempDir tmp;
        const fs::path p = tmp.path / "notes-images-idx3-ubyte";
        std::ofstream(p) << "hello, this is text";
        const Run r = run("data info --data '" + p.string() + "'");
        CHECK(r.status == 2);
        CHECK(one_line(r.err));
        CHECK(contains(r.err, p.string() + ": not an IDX file: magic 0x68656c6c at offset 0"));
    }
    SUBCASE("corrupt gzip") {
        TempDir tmp;
        const fs::path p = tmp.path / "x-images-idx3-ubyte.gz";
        std::string bytes = slurp(k_fixtures + "gz/tiny-images-idx3-ubyte.gz");
        bytes.resize(bytes.size() - 10);
        std::ofstream(p, std::ios::binary) << bytes;
        const Run r = run("data info --data '" + p.string() + "'");
        CHECK(r.status == 2);
        CHECK(one_line(r.err));
        CHECK(contains(r.err, p.string() + ": gzip stream truncated"));
    }
    SUBCASE("unknown flag") {
        const Run r = run("data info --frobnicate");
        CHECK(r.status == 2);
        CHECK(one_line(r.err));
    }
}

TEST_CASE("data show writes the digit as a PNG of the right size") {
    REQUIRE(binary_present());
    TempDir tmp;
    const fs::path grey = tmp.path / "d.png", small = tmp.path / "s.png",
                   colour = tmp.path / "c.png", bin = tmp.path / "b.png";

    Run r = run("data show --index 3 --out '" + grey.string() + "'");
    CAPTURE(r.err);
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "280x280"));
    PngHeader h = png_header(grey);
    REQUIRE(h.ok);
    CHECK(h.width == 280u);  // 28 * the default scale 10
    CHECK(h.height == 280u);
    CHECK(h.bit_depth == 8);
    CHECK(h.colour_type == 0);

    r = run("data show --index 3 --scale 3 --out '" + small.string() + "'");
    REQUIRE(r.status == 0);
    h = png_header(small);
    CHECK(h.width == 84u);
    CHECK(h.height == 84u);

    r = run("data show --index 9999 --data colored-mnist --scale 2 --out '" + colour.string() +
            "'");
    REQUIRE(r.status == 0);
    h = png_header(colour);
    CHECK(h.width == 56u);
    CHECK(h.colour_type == 2);

    // Binarised and grey versions of the same digit differ (grey has anti-aliased edges).
    r = run("data show --index 3 --binarize threshold --out '" + bin.string() + "'");
    REQUIRE(r.status == 0);
    CHECK(slurp(bin) != slurp(grey));
    CHECK(png_header(bin).width == 280u);

    // No temporary files are left beside the outputs.
    int files = 0;
    for (const auto& e : fs::directory_iterator(tmp.path)) {
        CHECK(e.path().extension() == ".png");
        ++files;
    }
    CHECK(files == 4);
}

TEST_CASE("data show on bad input: one line, exit 2, nothing written") {
    REQUIRE(binary_present());
    TempDir tmp;
    const std::string out = (tmp.path / "x.png").string();
    struct Case {
        std::string args, expect;
    };
    const std::vector<Case> cases = {
        {"--index 10000 --out '" + out + "'", "pixelscope: mnist: --index 10000 out of range"},
        {"--index -3 --out '" + out + "'", "out of range"},
        {"--index 2 --out /no/such/dir/x.png", "pixelscope: /no/such/dir/x.png: cannot create"},
        {"--index 2 --scale 0 --out '" + out + "'", "--scale: 0 is out of range 1..64"},
        {"--index two --out '" + out + "'", "--index: expected an integer, got 'two'"},
        {"--out '" + out + "'", "--index I is required"},
        {"--index 2", "--out FILE.png is required"},
        {"--index 2 --binarize maybe --out '" + out + "'", "--binarize: expected threshold"},
        {"--index 0 --data '" + k_fixtures + "truncated-images-idx3-ubyte' --out '" + out + "'",
         "truncated-images-idx3-ubyte: truncated payload"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.args);
        const Run r = run("data show " + c.args);
        CAPTURE(r.err);
        CHECK(r.status == 2);
        CHECK(one_line(r.err));
        CHECK(contains(r.err, c.expect));
        CHECK_FALSE(fs::exists(out));
    }
}

TEST_CASE("--help on data, data info and data show") {
    REQUIRE(binary_present());
    const Run top = run("--help");
    CHECK(top.status == 0);
    CHECK(contains(top.out, "data"));
    const Run data = run("data --help");
    CHECK(data.status == 0);
    CHECK(contains(data.out, "info"));
    CHECK(contains(data.out, "show"));
    const Run info = run("data info --help");
    CHECK(info.status == 0);
    CHECK(contains(info.out, "--data"));
    const Run show = run("data show --help");
    CHECK(show.status == 0);
    CHECK(contains(show.out, "--index"));
    CHECK(contains(show.out, "--scale"));
    CHECK(contains(show.out, "--binarize"));
    CHECK(contains(show.out, "--out"));
}
