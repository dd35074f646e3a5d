// Every shipped lesson (lessons/*.md and lessons/zh/*.md) parses, both languages have the same
// lessons with the same steps and checks, the ten lessons are there in order with at
// least one check each, and `pixelscope lessons --check` (which adds the viz cross-checks)
// passes when the binary has been built.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "lessons/lesson_runtime.hpp"
#include "lessons/lesson_set.hpp"

using namespace ps::lessons;

namespace {

std::string lessons_dir() {
    return std::string(PIXELSCOPE_SOURCE_ROOT) + "/lessons";
}

}  // namespace

TEST_CASE("every shipped lesson parses in both languages with the same structure") {
    LessonSet set = load_lesson_set(lessons_dir());
    for (const ParseError& e : set.errors) MESSAGE(e.to_string());
    REQUIRE(set.ok());
    REQUIRE(set.en.size() == 10);
    REQUIRE(set.zh.size() == 10);
    const char* ids[] = {"01-autoregressive",  "02-colour",     "03-masked-convolutions",
                         "04-pixelcnn",        "05-blind-spot", "06-row-lstm",
                         "07-diagonal-bilstm", "08-sampling",   "09-train-your-own",
                         "10-summary"};
    for (size_t i = 0; i < 10; ++i) {
        CAPTURE(i);
        CHECK(set.en[i].id == ids[i]);
        CHECK(set.zh[i].id == ids[i]);
        CHECK(set.en[i].language == Language::en);
        CHECK(set.zh[i].language == Language::zh);
        int checks = 0;
        for (const Step& s : set.en[i].steps) checks += s.check.kind != CheckKind::none;
        CHECK(checks >= 1);
        CHECK(set.en[i].title != set.zh[i].title);
    }
    // Lesson 5 asks for the classic blind spot: q on the lettered 5x5 grid misses j, n, o.
    bool found = false;
    for (const Step& s : set.en[4].steps) {
        if (s.check.kind != CheckKind::click || s.check.expect != ClickExpect::blind_spot) continue;
        if (s.effective.word("arch") != "masked_stack" || s.effective.height() != 5) continue;
        CHECK(s.effective.pixel("pixel") == Pixel{3, 1});
        CHECK(s.check.answer == std::vector<Pixel>{{1, 4}, {2, 3}, {2, 4}});
        found = true;
    }
    CHECK(found);
    // The runtime accepts the set.
    CHECK_NOTHROW(LessonRuntime(set.en, set.zh));
}

TEST_CASE("a newcomer can walk every lesson from the first step to the last") {
    LessonSet set = load_lesson_set(lessons_dir());
    REQUIRE(set.ok());
    LessonRuntime rt(set.en, set.zh);
    int steps = 0;
    for (int guard = 0; guard < 1000; ++guard) {
        const Check& c = rt.check();
        switch (c.kind) {
            case CheckKind::click:
                CHECK(rt.submit_pixels(c.answer));
                break;
            case CheckKind::choice:
                CHECK(rt.submit_choice(c.correct_option()));
                break;
            case CheckKind::skew:
                CHECK(rt.submit_cell(c.answer.front()));
                break;
            case CheckKind::reach: {
                // A view state that satisfies the condition, built from the condition itself.
                ViewState v;
                const ReachCondition& rc = c.condition;
                v.tab = rt.scene().word("tab");
                v.sampler_known = true;
                v.sampler_pixel = rc.pixel;
                v.sampler_done = rc.variable == "sampler_done" && rc.number != 0;
                v.sampler_mode = rc.word;
                v.mask = rc.word;
                const double x = rc.op == ReachOp::lt ? rc.number - 1 : rc.number;
                v.test_nll = v.train_nll = x;
                v.completions = v.images_seen = v.skew_step = v.layers_shown = v.kernel =
                    static_cast<long>(rc.op == ReachOp::gt ? rc.number + 1 : rc.number);
                CHECK_MESSAGE(rt.observe(v), rt.lesson().id << " step " << rt.step_index() + 1);
                break;
            }
            case CheckKind::none:
                break;
        }
        ++steps;
        if (!rt.next()) break;
    }
    for (int i = 0; i < rt.lesson_count(); ++i) CHECK(rt.progress(i).completed);
    CHECK(steps > 30);
}

TEST_CASE("pixelscope lessons --check passes on the shipped lessons") {
    const std::string binary = PIXELSCOPE_BINARY;
    if (!std::filesystem::exists(binary)) {
        MESSAGE("pixelscope is not built (" << binary << "); its cross-checks run in tests/app");
        return;
    }
    const std::string cmd =
        "\"" + binary + "\" lessons --check --dir \"" + lessons_dir() + "\" 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe);
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe)) out += buf;
    const int rc = pclose(pipe);
    CAPTURE(out);
    CHECK(rc == 0);
    CHECK(out.find(": ok") != std::string::npos);
}

namespace {

struct Run {
    int rc = -1;
    std::string out;
};

Run run_binary(const std::string& args) {
    Run r;
    const std::string cmd = "\"" + std::string(PIXELSCOPE_BINARY) + "\" " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return r;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe)) r.out += buf;
    const int status = pclose(pipe);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    FILE* f = std::fopen(p.string().c_str(), "wb");
    REQUIRE(f);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
}

// A one-step lesson with a blind-spot click check on the lettered grid.
std::string blind_spot_lesson(const std::string& arch, const std::string& answer) {
    return "# T\n\nText.\n\n```scene\ntab: rf\narch: " + arch +
           "\nlayers: 3\nkernel: 3\nsize: 5\npixel: q\n```\n\n```check\nkind: click\n"
           "expect: blind_spot\nprompt: p\nanswer: " +
           answer + "\nhint: h\n```\n";
}

}  // namespace

TEST_CASE("lessons --check: wrong answers and broken files are one line each, exit 2") {
    if (!std::filesystem::exists(PIXELSCOPE_BINARY)) {
        MESSAGE("pixelscope is not built; skipping its end-to-end checks");
        return;
    }
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "pixelscope_lessons_check_test";
    fs::remove_all(dir);

    SUBCASE("a correct blind spot passes in both languages") {
        write_file(dir / "01-x.md", blind_spot_lesson("masked_stack", "j n o"));
        write_file(dir / "zh" / "01-x.md", blind_spot_lesson("masked_stack", "j n o"));
        Run r = run_binary("lessons --check --dir \"" + dir.string() + "\"");
        CAPTURE(r.out);
        CHECK(r.rc == 0);
        CHECK(r.out.find("1 lessons in English and Chinese, 1 steps, 1 checks: ok") !=
              std::string::npos);
    }
    SUBCASE("a wrong blind spot is caught by the analytic receptive field") {
        write_file(dir / "01-x.md", blind_spot_lesson("masked_stack", "j n"));
        write_file(dir / "zh" / "01-x.md", blind_spot_lesson("masked_stack", "j n"));
        Run r = run_binary("lessons --check --dir \"" + dir.string() + "\"");
        CAPTURE(r.out);
        CHECK(r.rc == 2);
        CHECK(r.out.find((dir / "01-x.md").string() + ":14: the answer (j n) is not what") !=
              std::string::npos);
        CHECK(r.out.find("blind spot of (3,1): j n o") != std::string::npos);
    }
    SUBCASE("Gated PixelCNN has no blind spot there") {
        write_file(dir / "01-x.md", blind_spot_lesson("gated", "j n o"));
        write_file(dir / "zh" / "01-x.md", blind_spot_lesson("gated", "j n o"));
        Run r = run_binary("lessons --check --dir \"" + dir.string() + "\"");
        CHECK(r.rc == 2);
        CHECK(r.out.find("(none)") != std::string::npos);
    }
    SUBCASE("a wrong skew cell, a parse error and a language mismatch") {
        write_file(dir / "01-x.md",
                   "# T\n\nText.\n```scene\ntab: skew\nsize: 5\npixel: q\n```\n```check\n"
                   "kind: skew\nprompt: p\nanswer: (3,3)\nhint: h\n```\n");
        write_file(dir / "zh" / "01-x.md", "# T\n\nText.\n```scene\ntab: skew\nsize: 6\n```\n");
        write_file(dir / "02-y.md", "# T\n\nText.\n```scene\ntab: nowhere\n```\n");
        Run r = run_binary("lessons --check --dir \"" + dir.string() + "\"");
        CAPTURE(r.out);
        CHECK(r.rc == 2);
        CHECK(r.out.find((dir / "02-y.md").string() + ":5: tab: expected one of") !=
              std::string::npos);
        CHECK(r.out.find("scene differs from English") != std::string::npos);
        CHECK(r.out.find("the check differs from English") != std::string::npos);
        CHECK(r.out.find(":9: pixel (3,1) lands at skewed (3,4), not (3,3)") != std::string::npos);
    }
    SUBCASE("usage errors") {
        CHECK(run_binary("lessons").rc == 2);
        CHECK(run_binary("lessons --check --list").rc == 2);
        Run r = run_binary("lessons --check --dir /nonexistent/lessons");
        CHECK(r.rc == 2);
        CHECK(r.out.find("/nonexistent/lessons: no such lessons folder") != std::string::npos);
        CHECK(run_binary("lessons --check --bogus").rc == 2);
    }
    SUBCASE("--list prints ids and both titles") {
        Run r = run_binary("lessons --list --dir \"" + lessons_dir() + "\"");
        CHECK(r.rc == 0);
        CHECK(r.out.find("05-blind-spot\t5 steps\tThe blind spot\t盲区") != std::string::npos);
    }
    fs::remove_all(dir);
}
