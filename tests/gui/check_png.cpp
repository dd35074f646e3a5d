// check_png: asserts that a screenshot shows something. Used by the GUI smoke tests
// (run_gui_test.sh).
//
//   check_png FILE [--size WxH] [--min-colours K] [--region X,Y,W,H,S]...
//             [--colour X,Y,W,H,RRGGBB,N]... [--same OTHER,X,Y,W,H]... [--differs OTHER,X,Y,W,H]...
//
// Always fails on a PNG that cannot be read or that is one flat colour. --size checks the exact
// dimensions; --min-colours K requires at least K distinct RGB colours in the whole image;
// --region requires the luminance in the rectangle (pixels, top-left origin) to have a standard
// deviation of at least S (0..255 scale), i.e. that the area holds a picture, not a blank panel.
// --colour requires at least N pixels of colour RRGGBB (hex, each channel within 12) in the
// rectangle: a highlight, an outline or a legend colour that must be on screen.
// --same / --differs compare the rectangle with the same rectangle of another PNG: no pixel, or
// at least 1% of the area (and at least 20 pixels), differing by more than 24 in a channel (a
// step's text changed, a panel went away).
// Exit 0 when every check passes, 1 with one line per failure otherwise, 2 on bad usage.
#include <stb_image.h>  // the implementation is compiled into Debian's libstb

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

struct Region {
    int x = 0, y = 0, w = 0, h = 0;
    double min_stddev = 0;
};

struct Compare {
    std::string other;
    int x = 0, y = 0, w = 0, h = 0;
    bool same = true;
};

struct ColourCheck {
    int x = 0, y = 0, w = 0, h = 0;
    unsigned rgb = 0;
    long min_count = 1;
};

int usage(const char* message) {
    std::fprintf(stderr,
                 "check_png: %s\nusage: check_png FILE [--size WxH] [--min-colours K] "
                 "[--region X,Y,W,H,S]... [--colour X,Y,W,H,RRGGBB,N]...\n",
                 message);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage("no PNG file given");
    const std::string path = argv[1];
    int want_w = -1, want_h = -1;
    long min_colours = 2;  // "not one flat colour"
    std::vector<Region> regions;
    std::vector<ColourCheck> colour_checks;
    std::vector<Compare> compares;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) return usage(("missing value after " + arg).c_str());
        const char* value = argv[++i];
        if (arg == "--size") {
            char x = 0;
            if (std::sscanf(value, "%d%c%d", &want_w, &x, &want_h) != 3 || x != 'x')
                return usage("--size must be WxH");
        } else if (arg == "--min-colours") {
            char* end = nullptr;
            min_colours = std::strtol(value, &end, 10);
            if (!end || *end || min_colours < 1) return usage("--min-colours must be >= 1");
        } else if (arg == "--region") {
            Region r;
            if (std::sscanf(value, "%d,%d,%d,%d,%lf", &r.x, &r.y, &r.w, &r.h, &r.min_stddev) != 5 ||
                r.w <= 0 || r.h <= 0)
                return usage("--region must be X,Y,W,H,S with W, H > 0");
            regions.push_back(r);
        } else if (arg == "--colour") {
            ColourCheck c;
            if (std::sscanf(value, "%d,%d,%d,%d,%x,%ld", &c.x, &c.y, &c.w, &c.h, &c.rgb,
                            &c.min_count) != 6 ||
                c.w <= 0 || c.h <= 0 || c.min_count < 1)
                return usage("--colour must be X,Y,W,H,RRGGBB,N with W, H, N > 0");
            colour_checks.push_back(c);
        } else if (arg == "--same" || arg == "--differs") {
            Compare c;
            c.same = arg == "--same";
            const char* comma = std::strchr(value, ',');
            if (!comma) return usage("--same / --differs must be OTHER.png,X,Y,W,H");
            c.other.assign(value, comma);
            if (std::sscanf(comma + 1, "%d,%d,%d,%d", &c.x, &c.y, &c.w, &c.h) != 4 || c.w <= 0 ||
                c.h <= 0)
                return usage("--same / --differs must be OTHER.png,X,Y,W,H with W, H > 0");
            compares.push_back(c);
        } else {
            return usage(("unknown option " + arg).c_str());
        }
    }

    int w = 0, h = 0, channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &channels, 3);
    if (!data) {
        std::fprintf(stderr, "check_png: %s: cannot read PNG (%s)\n", path.c_str(),
                     stbi_failure_reason());
        return 1;
    }
    int failures = 0;
    auto fail = [&](const std::string& what) {
        std::fprintf(stderr, "check_png: %s: %s\n", path.c_str(), what.c_str());
        ++failures;
    };

    if (want_w >= 0 && (w != want_w || h != want_h))
        fail("size is " + std::to_string(w) + "x" + std::to_string(h) + ", expected " +
             std::to_string(want_w) + "x" + std::to_string(want_h));

    std::unordered_set<unsigned> colours;
    for (long i = 0; i < long(w) * h; ++i) {
        const unsigned char* p = data + 3 * i;
        colours.insert(unsigned(p[0]) << 16 | unsigned(p[1]) << 8 | p[2]);
    }
    if (colours.size() == 1) fail("the image is one flat colour");
    if (long(colours.size()) < min_colours)
        fail(std::to_string(colours.size()) + " distinct colours, expected at least " +
             std::to_string(min_colours));

    for (const Region& r : regions) {
        const std::string name = "region " + std::to_string(r.x) + "," + std::to_string(r.y) + " " +
                                 std::to_string(r.w) + "x" + std::to_string(r.h);
        if (r.x < 0 || r.y < 0 || r.x + r.w > w || r.y + r.h > h) {
            fail(name + " lies outside the " + std::to_string(w) + "x" + std::to_string(h) +
                 " image");
            continue;
        }
        // Luminance (Rec. 601 weights) mean and standard deviation over the rectangle.
        double sum = 0, sum_sq = 0;
        for (int y = r.y; y < r.y + r.h; ++y) {
            for (int x = r.x; x < r.x + r.w; ++x) {
                const unsigned char* p = data + 3 * (std::size_t(y) * w + x);
                const double l = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
                sum += l;
                sum_sq += l * l;
            }
        }
        const double n = double(r.w) * r.h;
        const double mean = sum / n;
        const double stddev = std::sqrt(std::max(0.0, sum_sq / n - mean * mean));
        if (stddev < r.min_stddev) {
            char msg[160];
            std::snprintf(msg, sizeof msg, "luminance std dev %.2f < %.2f (mean %.1f): blank?",
                          stddev, r.min_stddev, mean);
            fail(name + ": " + msg);
        }
    }
    for (const Compare& c : compares) {
        const std::string name = (c.same ? "same as " : "differs from ") + c.other + " in " +
                                 std::to_string(c.x) + "," + std::to_string(c.y) + " " +
                                 std::to_string(c.w) + "x" + std::to_string(c.h);
        int ow = 0, oh = 0, oc = 0;
        unsigned char* other = stbi_load(c.other.c_str(), &ow, &oh, &oc, 3);
        if (!other) {
            fail(name + ": cannot read " + c.other);
            continue;
        }
        if (c.x < 0 || c.y < 0 || c.x + c.w > std::min(w, ow) || c.y + c.h > std::min(h, oh)) {
            fail(name + ": the rectangle lies outside one of the images");
            stbi_image_free(other);
            continue;
        }
        long differing = 0;
        for (int y = c.y; y < c.y + c.h; ++y)
            for (int x = c.x; x < c.x + c.w; ++x) {
                const unsigned char* p = data + 3 * (std::size_t(y) * w + x);
                const unsigned char* q = other + 3 * (std::size_t(y) * ow + x);
                for (int k = 0; k < 3; ++k)
                    if (std::abs(int(p[k]) - int(q[k])) > 24) {
                        ++differing;
                        break;
                    }
            }
        stbi_image_free(other);
        const long needed = std::max(20L, long(c.w) * c.h / 100);
        if (c.same && differing > 0)
            fail(name + ": " + std::to_string(differing) + " pixels differ");
        if (!c.same && differing < needed)
            fail(name + ": only " + std::to_string(differing) + " pixels differ, expected " +
                 std::to_string(needed));
    }
    for (const ColourCheck& c : colour_checks) {
        char name[96];
        std::snprintf(name, sizeof name, "colour %06X in %d,%d %dx%d", c.rgb, c.x, c.y, c.w, c.h);
        if (c.x < 0 || c.y < 0 || c.x + c.w > w || c.y + c.h > h) {
            fail(std::string(name) + " lies outside the image");
            continue;
        }
        const int want[3] = {int(c.rgb >> 16 & 255), int(c.rgb >> 8 & 255), int(c.rgb & 255)};
        long count = 0;
        for (int y = c.y; y < c.y + c.h; ++y)
            for (int x = c.x; x < c.x + c.w; ++x) {
                const unsigned char* p = data + 3 * (std::size_t(y) * w + x);
                if (std::abs(p[0] - want[0]) <= 12 && std::abs(p[1] - want[1]) <= 12 &&
                    std::abs(p[2] - want[2]) <= 12)
                    ++count;
            }
        if (count < c.min_count)
            fail(std::string(name) + ": " + std::to_string(count) + " pixels, expected at least " +
                 std::to_string(c.min_count));
    }
    stbi_image_free(data);
    if (failures == 0)
        std::printf("check_png: %s: %dx%d, %zu colours, %zu region(s) ok\n", path.c_str(), w, h,
                    colours.size(), regions.size());
    return failures == 0 ? 0 : 1;
}
