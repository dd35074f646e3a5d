// `pixelscope sample --mode` / `complete` / `bench --sample` end to end: the real binary
// (PIXELSCOPE_BINARY) on a tiny checkpoint it trains itself; naive and cached write the same PNG.
#include <doctest/doctest.h>

#include "cli_run.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

using ps::test::slurp;

// `pixelscope <args>` in dir, stdout+stderr to dir/log.txt; the exit status
int run(const fs::path& dir, const std::string& args, std::string* log = nullptr) {
    const std::string cmd = "cd '" + dir.string() + "' && '" + std::string(PIXELSCOPE_BINARY) +
                            "' " + args + " >log.txt 2>&1";
    const int status = std::system(cmd.c_str());
    if (log) *log = slurp(dir / "log.txt");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("sample --mode naive and cached write the same grid; complete keeps its rows") {
    std::string pattern = (fs::temp_directory_path() / "ps_sample_XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    const fs::path dir = pattern;
    REQUIRE(run(dir, "train --arch pixelcnn --h 4 --layers 1 --seconds 0.3 --out m.safetensors") ==
            0);
    CHECK(run(dir, "sample m.safetensors --mode naive --count 2 --out naive.png") == 0);
    CHECK(run(dir, "sample m.safetensors --mode cached --count 2 --out cached.png") == 0);
    CHECK(fs::file_size(dir / "naive.png") > 0);
    CHECK(slurp(dir / "naive.png") == slurp(dir / "cached.png"));
    std::string log;
    CHECK(run(dir, "complete m.safetensors --index 3 --rows-kept 14 --count 3 --out c.png", &log) ==
          0);
    CHECK(log.find("first 14 rows kept, 3 completions") != std::string::npos);
    CHECK(fs::exists(dir / "c.png"));
    CHECK(run(dir, "complete m.safetensors --index 99999 --out c.png", &log) == 2);
    CHECK(log.find("--index") != std::string::npos);
    CHECK(run(dir, "sample m.safetensors --mode fast --out x.png", &log) == 2);
    CHECK(log.find("--mode") != std::string::npos);
    std::error_code ec;
    fs::remove_all(dir, ec);
}
