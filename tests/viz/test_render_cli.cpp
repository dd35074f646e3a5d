// `pixelscope render ...` end to end: PNGs are written and decode to the figure's size; bad
// flags print one line and exit 2. Needs the built binary (PIXELSCOPE_BINARY); the viz suite
// does not build it, so when it is missing the cases say so and check nothing else.
#include <doctest/doctest.h>
#include <stb_image.h>  // implementation compiled into Debian's libstb

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

bool binary_present() {
    std::ifstream f(PIXELSCOPE_BINARY);
    if (!f) MESSAGE("pixelscope binary not built yet: " << PIXELSCOPE_BINARY);
    return static_cast<bool>(f);
}

// Runs the binary with `args`, stderr captured into `err`; returns the exit status.
int run(const std::string& args, std::string& err) {
    const std::string err_path = "ps_viz_cli_err.txt";
    const std::string cmd =
        std::string(PIXELSCOPE_BINARY) + " " + args + " >/dev/null 2>" + err_path;
    const int status = std::system(cmd.c_str());
    std::ifstream in(err_path);
    std::stringstream ss;
    ss << in.rdbuf();
    err = ss.str();
    std::remove(err_path.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("render writes decodable PNGs") {
    if (!binary_present()) return;
    const char* cases[] = {
        "render masks --kernel 5 --out ps_viz_cli.png",
        "render masks --kernel 3 --rgb --out ps_viz_cli.png",
        "render rf --arch pixelcnn --layers 3 --size 7 --pixel 3,3 --out ps_viz_cli.png",
        "render rf --arch diagbilstm --layers 2 --size 7 --pixel 5,1 --out ps_viz_cli.png",
        "render blindspot --out ps_viz_cli.png",
        "render skew --size 5 --step 4 --out ps_viz_cli.png"};
    for (const char* args : cases) {
        CAPTURE(args);
        std::string err;
        CHECK(run(args, err) == 0);
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load("ps_viz_cli.png", &w, &h, &n, 4);
        REQUIRE(px != nullptr);
        CHECK(w >= 1000);
        CHECK(h >= 300);
        // Not blank: count pixels that are not white.
        long ink = 0;
        for (long i = 0; i < static_cast<long>(w) * h; ++i)
            ink += !(px[4 * i] == 255 && px[4 * i + 1] == 255 && px[4 * i + 2] == 255);
        CHECK(ink > 10000);
        stbi_image_free(px);
        std::remove("ps_viz_cli.png");
    }
}

TEST_CASE("render: bad flags give one line and exit 2") {
    if (!binary_present()) return;
    const char* cases[] = {"render",
                           "render bogus",
                           "render rf --bogus --out x.png",
                           "render rf",
                           "render rf --kernel 4 --out x.png",
                           "render rf --size 40 --out x.png",
                           "render rf --pixel 9,9 --out x.png",
                           "render masks --kernel abc --out x.png",
                           "render skew --step 99 --out x.png",
                           "render blindspot --arch foo --out x.png"};
    for (const char* args : cases) {
        CAPTURE(args);
        std::string err;
        CHECK(run(args, err) == 2);
        CHECK(!err.empty());
        CHECK(err.find('\n') == err.size() - 1);  // exactly one line
    }
}
