// The empirical field (engine backward) against the analytic one, pixel by pixel and channel by
// channel: the classic lettered q / {j, n, o}, every engine architecture on several pixels and
// sizes, C = 3, a layer slider, and the errors.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "engine/model.hpp"
#include "viz/gradient_field.hpp"
#include "viz/receptive_field.hpp"

using namespace ps::viz;

namespace {

// Every (pixel, channel) where the two fields differ; 0 when they agree.
size_t disagreements(const ArchSpec& spec, int H, int W, int r, int c, int ch, int shown = -1) {
    GradientFieldRequest q;
    q.spec = spec;
    q.height = H;
    q.width = W;
    q.row = r;
    q.col = c;
    q.channel = ch;
    q.layers_shown = shown;
    const GradientField g = gradient_field(q);
    const ReceptiveField analytic = receptive_field(spec, H, W, r, c, ch, shown);
    return diff_fields(analytic, support_field(g, shown)).size();
}

bool engine_has(Arch a) {
    const auto& names = ps::engine::arch_names();
    return std::find(names.begin(), names.end(), arch_name(a)) != names.end();
}

}  // namespace

TEST_CASE("classic blind spot: the engine's gradient of q misses exactly j, n and o") {
    ArchSpec spec;
    spec.arch = Arch::MaskedStack;
    spec.layers = 3;
    spec.kernel = 3;
    spec.input_kernel = 3;
    GradientFieldRequest q;
    q.spec = spec;
    q.height = q.width = 5;
    q.row = 3;
    q.col = 1;  // q
    const GradientField g = gradient_field(q);
    const ReceptiveField f = support_field(g);
    std::string unseen;
    for (int i = 0; i < 3 * 5 + 1; ++i)
        if (!f.seen(i / 5, i % 5)) unseen += pixel_label(i / 5, i % 5, 5, 5);
    CHECK(unseen == "jno");
    CHECK(diff_fields(receptive_field(spec, 5, 5, 3, 1), f).empty());
    // The magnitude is exactly zero outside the field, positive inside.
    CHECK(g.at(1, 4) == 0.f);  // j
    CHECK(g.at(2, 3) == 0.f);  // n
    CHECK(g.at(3, 1) == 0.f);  // q itself
    CHECK(g.at(2, 1) > 0.f);   // l, just above
}

TEST_CASE("masked stack: gradient support equals the analytic field for kernels, depths, C") {
    for (int k : {3, 5})
        for (int L : {1, 2, 4})
            for (int C : {1, 3}) {
                ArchSpec spec;
                spec.arch = Arch::MaskedStack;
                spec.layers = L;
                spec.kernel = spec.input_kernel = k;
                spec.channels = C;
                for (int ch = 0; ch < C; ++ch) {
                    CAPTURE(k);
                    CAPTURE(L);
                    CAPTURE(C);
                    CAPTURE(ch);
                    CHECK(disagreements(spec, 7, 8, 4, 2, ch) == 0);
                }
            }
}

TEST_CASE("every engine architecture: gradient support equals the analytic field") {
    const Arch archs[] = {Arch::PixelCnn, Arch::RowLstm, Arch::DiagBiLstm, Arch::Gated};
    struct Target {
        int H, W, r, c;
    };
    const Target targets[] = {{5, 5, 3, 1}, {8, 8, 5, 0}, {8, 8, 4, 7}, {9, 7, 8, 3}};
    int checked = 0;
    for (Arch a : archs) {
        if (!engine_has(a)) continue;  // lands with its engine issue
        for (int C : {1, 3}) {
            ArchSpec spec = canonical_spec(a, C);
            spec.layers = std::min(spec.layers, 3);
            for (const Target& t : targets)
                for (int ch = 0; ch < C; ch += 2) {
                    CAPTURE(arch_name(a));
                    CAPTURE(C);
                    CAPTURE(t.H);
                    CAPTURE(t.r);
                    CAPTURE(t.c);
                    CAPTURE(ch);
                    CHECK(disagreements(spec, t.H, t.W, t.r, t.c, ch) == 0);
                    ++checked;
                }
        }
    }
    CHECK(checked >= 12);  // pixelcnn at least
}

TEST_CASE("the layer slider: a model of n layers has the analytic field after n layers") {
    const ArchSpec spec = canonical_spec(Arch::PixelCnn, 1);
    for (int shown = 0; shown <= spec.layers; ++shown) {
        CAPTURE(shown);
        CHECK(disagreements(spec, 12, 12, 9, 5, 0, shown) == 0);
    }
}

TEST_CASE("unsupported specs and bad targets are refused with a reason") {
    std::string why;
    ArchSpec spec = canonical_spec(Arch::PixelCnn, 1);
    spec.kernel = 5;
    CHECK_FALSE(gradient_supported(spec, why));
    CHECK(why.find("3\u00d73") != std::string::npos);
    GradientFieldRequest q;
    q.spec = spec;
    CHECK_THROWS_AS(gradient_field(q), std::invalid_argument);
    q.spec = canonical_spec(Arch::PixelCnn, 1);
    q.row = 9;
    CHECK_THROWS_AS(gradient_field(q), std::invalid_argument);
    CHECK(gradient_supported(canonical_spec(Arch::MaskedStack, 1), why));
}

namespace {
// Runs the built binary, stderr into `err`; the exit status.
int run_cli(const std::string& args, std::string& err) {
    const std::string err_path = "ps_viz_gradient_err.txt";
    const int status = std::system(
        (std::string(PIXELSCOPE_BINARY) + " " + args + " >/dev/null 2>" + err_path).c_str());
    std::ifstream in(err_path);
    std::stringstream ss;
    ss << in.rdbuf();
    err = ss.str();
    std::remove(err_path.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
}  // namespace

TEST_CASE("render rf --source gradient: writes the heat-map figure; bad sources exit 2") {
    if (!std::ifstream(PIXELSCOPE_BINARY)) {
        MESSAGE("pixelscope binary not built yet: " << PIXELSCOPE_BINARY);
        return;
    }
    std::string err;
    const std::string png = "ps_viz_gradient.png";
    std::remove(png.c_str());
    CHECK(run_cli("render blindspot --source gradient --out " + png, err) == 0);
    CHECK(std::ifstream(png).good());
    std::remove(png.c_str());
    CHECK(run_cli("render rf --arch pixelcnn --size 9 --pixel 4,4 --source gradient --out " + png,
                  err) == 0);
    std::remove(png.c_str());
    CHECK(run_cli("render rf --source magic --out " + png, err) == 2);
    CHECK(err.find("--source must be analytic or gradient") != std::string::npos);
    // A spec the engine cannot run: one line with the reason, exit 2.
    CHECK(run_cli("render rf --arch pixelcnn --kernel 5 --source gradient --out " + png, err) == 2);
    CHECK(err.find("3\u00d73") != std::string::npos);
}
