// Running the real binary (PIXELSCOPE_BINARY) from a test: its exit status, stdout and stderr,
// and a temporary folder for what it writes. Shared by the end-to-end tests in tests/app.
#pragma once

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ps::test {

namespace fs = std::filesystem;

struct Run {
    int status = -1;  // exit code; -1 when killed by a signal (a crash)
    std::string out, err;
};

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// A single line: one '\n', at the end.
inline bool one_line(const std::string& s) {
    return !s.empty() && s.back() == '\n' && s.find('\n') == s.size() - 1;
}

// A temporary folder, removed with everything in it at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "ps_app_XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

// `pixelscope <args>` run in folder `cwd`, stdout and stderr captured in files of `capture`.
// `timeout` turns a hang into exit 124 instead of a stuck test.
inline Run run_pixelscope(const fs::path& cwd, const std::string& args, const fs::path& capture) {
    const fs::path out = capture / "out.txt", err = capture / "err.txt";
    const std::string cmd = "cd '" + cwd.string() + "' && timeout 120 '" +
                            std::string(PIXELSCOPE_BINARY) + "' " + args + " >'" + out.string() +
                            "' 2>'" + err.string() + "'";
    const int status = std::system(cmd.c_str());
    Run r;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

}  // namespace ps::test
