// `pixelscope render masks|rf|blindspot|skew ... --out file.png`: the explorer views' figures,
// drawn on the CPU without a window (for slides and for tests). Everything is computed by
// src/viz; this file parses flags, checks them (one line, exit 2 on bad input) and writes PNGs.
#include <stb_image_write.h>  // implementation compiled into Debian's libstb

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.hpp"
#include "viz/figures.hpp"
#include "viz/masks.hpp"
#include "viz/raster.hpp"
#include "viz/receptive_field.hpp"

namespace ps::app {

namespace {

// Flags shared by `render rf` and `render blindspot` (strings, checked by hand so that every
// bad value gets one clear line).
struct FieldFlags {
    std::string arch, pixel, channel, out;
    int layers = -1, kernel = -1, input_kernel = -1, size = -1, channels = -1;
    int layers_shown = -1;
};

struct Bad {
    std::string message;
};

void add_field_flags(CLI::App* cmd, FieldFlags& f) {
    cmd->add_option("--arch", f.arch, "pixelcnn | rowlstm | diagbilstm | gated | masked_stack");
    cmd->add_option("--layers", f.layers, "Layers L (blocks / LSTM layers / convs)");
    cmd->add_option("--kernel", f.kernel, "Block kernel k (odd, 1..11; default 3)");
    cmd->add_option("--input-kernel", f.input_kernel, "First layer's kernel (default 7)");
    cmd->add_option("--size", f.size, "Image size N for an N x N image (5..32)");
    cmd->add_option("--pixel", f.pixel, "Target pixel as row,col");
    cmd->add_option("--channels", f.channels, "Image channels C: 1 or 3");
    cmd->add_option("--channel", f.channel, "Output channel for C = 3: R, G or B");
    cmd->add_option("--layers-shown", f.layers_shown, "Grow the field: input layer + n layers");
    cmd->add_option("--out", f.out, "PNG file to write")->required();
}

// Fill `o` from the flags (unset flags keep o's defaults). Throws Bad.
void apply_field_flags(const FieldFlags& f, viz::FieldFigureOptions& o, bool classic) {
    if (!f.arch.empty()) {
        if (!viz::parse_arch(f.arch, o.spec.arch))
            throw Bad{"--arch must be pixelcnn, rowlstm, diagbilstm, gated or masked_stack, got '" +
                      f.arch + "'"};
        if (classic) o.title.clear();
        if (o.spec.arch != viz::Arch::MaskedStack) o.spec.input_kernel = 7;
    }
    if (f.layers != -1) {
        if (f.layers < 1 || f.layers > 32)
            throw Bad{"--layers must be in 1..32, got " + std::to_string(f.layers)};
        o.spec.layers = f.layers;
    }
    auto odd = [](int k) { return k >= 1 && k <= 11 && k % 2 == 1; };
    if (f.kernel != -1) {
        if (!odd(f.kernel)) throw Bad{"--kernel must be odd and in 1..11, got " + std::to_string(f.kernel)};
        o.spec.kernel = f.kernel;
    }
    if (o.spec.arch == viz::Arch::MaskedStack) o.spec.input_kernel = o.spec.kernel;
    if (f.input_kernel != -1) {
        if (!odd(f.input_kernel))
            throw Bad{"--input-kernel must be odd and in 1..11, got " + std::to_string(f.input_kernel)};
        if (o.spec.arch == viz::Arch::MaskedStack)
            throw Bad{"--input-kernel does not apply to masked_stack (every conv uses --kernel)"};
        o.spec.input_kernel = f.input_kernel;
    }
    if (f.size != -1) {
        if (f.size < 5 || f.size > 32) throw Bad{"--size must be in 5..32, got " + std::to_string(f.size)};
        o.height = o.width = f.size;
        if (f.pixel.empty()) {
            o.row = f.size / 2;
            o.col = f.size / 2;
        }
    }
    if (f.channels != -1) {
        if (f.channels != 1 && f.channels != 3)
            throw Bad{"--channels must be 1 or 3, got " + std::to_string(f.channels)};
        o.spec.channels = f.channels;
    }
    if (!f.channel.empty()) {
        const std::string& c = f.channel;
        int ch = c == "R" || c == "r" || c == "0" ? 0
                 : c == "G" || c == "g" || c == "1" ? 1
                 : c == "B" || c == "b" || c == "2" ? 2
                                                     : -1;
        if (ch < 0) throw Bad{"--channel must be R, G or B, got '" + c + "'"};
        if (ch > 0 && o.spec.channels != 3) throw Bad{"--channel G or B needs --channels 3"};
        o.channel = ch;
    }
    if (!f.pixel.empty()) {
        int r = -1, c = -1;
        char tail = 0;
        if (std::sscanf(f.pixel.c_str(), "%d,%d%c", &r, &c, &tail) != 2 || r < 0 || c < 0 ||
            r >= o.height || c >= o.width)
            throw Bad{"--pixel must be row,col inside the " + std::to_string(o.height) + "x" +
                      std::to_string(o.width) + " image, got '" + f.pixel + "'"};
        o.row = r;
        o.col = c;
    }
    if (f.layers_shown != -1) {
        if (f.layers_shown < 0 || f.layers_shown > o.spec.layers)
            throw Bad{"--layers-shown must be in 0.." + std::to_string(o.spec.layers) + ", got " +
                      std::to_string(f.layers_shown)};
        o.layers_shown = f.layers_shown;
    }
}

// Write atomically: a temporary file next to the target, then rename.
bool write_png(const viz::RgbaImage& img, const std::string& path, std::string& error) {
    const std::string tmp = path + ".tmp";
    if (!stbi_write_png(tmp.c_str(), img.width, img.height, 4, img.pixels.data(), img.width * 4)) {
        error = "cannot write " + tmp;
        std::remove(tmp.c_str());
        return false;
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        error = "cannot rename " + tmp + " to " + path;
        std::remove(tmp.c_str());
        return false;
    }
    return true;
}

// Load the fonts, draw, write; returns the exit code.
template <typename Draw>
int draw_and_write(const char* what, const std::string& out, Draw draw) {
    viz::Fonts fonts;
    std::string error;
    if (!viz::load_fonts(fonts, error)) {
        std::cerr << "pixelscope render " << what << ": " << error << "\n";
        return 1;
    }
    viz::RgbaImage img;
    try {
        img = draw(fonts);
    } catch (const std::invalid_argument& e) {
        std::cerr << "pixelscope render " << what << ": " << e.what() << "\n";
        return 2;
    }
    if (!write_png(img, out, error)) {
        std::cerr << "pixelscope render " << what << ": " << error << "\n";
        return 1;
    }
    std::cout << "wrote " << out << " (" << img.width << "x" << img.height << ")\n";
    return 0;
}

}  // namespace

void add_render_commands(CLI::App& app, int& exit_code) {
    CLI::App* render = app.add_subcommand(
        "render", "Draw an explorer figure (masks, rf, blindspot, skew) to a PNG without a window");
    render->require_subcommand(1);

    // render masks
    auto mask_kernel = std::make_shared<int>(5);
    auto mask_rgb = std::make_shared<bool>(false);
    auto mask_out = std::make_shared<std::string>();
    CLI::App* masks = render->add_subcommand("masks", "Mask A and mask B of a k x k kernel");
    masks->add_option("--kernel", *mask_kernel, "Kernel size k (odd, 1..11; default 5)");
    masks->add_flag("--rgb", *mask_rgb, "Also draw the R/G/B group connectivity at the centre");
    masks->add_option("--out", *mask_out, "PNG file to write")->required();
    masks->callback([=, &exit_code]() {
        const int k = *mask_kernel;
        if (k < 1 || k > 11 || k % 2 == 0) {
            std::cerr << "pixelscope render masks: --kernel must be odd and in 1..11, got " << k
                      << "\n";
            exit_code = 2;
            return;
        }
        exit_code = draw_and_write("masks", *mask_out, [&](const viz::Fonts& f) {
            return viz::render_masks_figure(f, k, *mask_rgb);
        });
    });

    // render rf / render blindspot
    for (const bool classic : {false, true}) {
        auto flags = std::make_shared<FieldFlags>();
        CLI::App* cmd =
            classic ? render->add_subcommand(
                          "blindspot",
                          "The classic blind spot: 5x5 lettered grid, 3 stacked 3x3 masked "
                          "convolutions, pixel q (flags as for rf change it)")
                    : render->add_subcommand("rf", "Receptive field of one output pixel");
        add_field_flags(cmd, *flags);
        cmd->callback([flags, classic, &exit_code]() {
            const char* what = classic ? "blindspot" : "rf";
            viz::FieldFigureOptions o;
            if (classic) {
                o = viz::classic_blind_spot_options();
            } else {
                o.spec.arch = viz::Arch::PixelCnn;
                o.spec.layers = 3;
                o.height = o.width = 7;
                o.row = o.col = 3;
            }
            try {
                apply_field_flags(*flags, o, classic);
            } catch (const Bad& b) {
                std::cerr << "pixelscope render " << what << ": " << b.message << "\n";
                exit_code = 2;
                return;
            }
            exit_code = draw_and_write(what, flags->out, [&](const viz::Fonts& f) {
                return viz::render_field_figure(f, o);
            });
        });
    }

    // render skew
    auto skew_size = std::make_shared<int>(5);
    auto skew_step = std::make_shared<int>(-1);
    auto skew_out = std::make_shared<std::string>();
    CLI::App* skew = render->add_subcommand("skew", "The skew trick at one step, with Row LSTM");
    skew->add_option("--size", *skew_size, "Image size N for an N x N image (2..32; default 5)");
    skew->add_option("--step", *skew_step, "Step t in 0..2N-2 (default: the middle one)");
    skew->add_option("--out", *skew_out, "PNG file to write")->required();
    skew->callback([=, &exit_code]() {
        const int n = *skew_size;
        if (n < 2 || n > 32) {
            std::cerr << "pixelscope render skew: --size must be in 2..32, got " << n << "\n";
            exit_code = 2;
            return;
        }
        const int steps = 2 * n - 1;
        const int t = *skew_step == -1 ? steps / 2 : *skew_step;
        if (t < 0 || t >= steps) {
            std::cerr << "pixelscope render skew: --step must be in 0.." << steps - 1
                      << " for a " << n << "x" << n << " image, got " << t << "\n";
            exit_code = 2;
            return;
        }
        exit_code = draw_and_write("skew", *skew_out, [&](const viz::Fonts& f) {
            return viz::render_skew_figure(f, n, n, t);
        });
    });
}

}  // namespace ps::app
