// `pixelscope render masks|rf|blindspot|skew ... --out file.png`: the explorer views' figures,
// drawn on the CPU without a window (for slides and for tests). Everything is computed by
// src/viz; this file parses flags, checks them (one line, exit 2 on bad input) and writes PNGs.
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.hpp"
#include "viz/figures.hpp"
#include "viz/masks.hpp"
#include "viz/png.hpp"
#include "viz/raster.hpp"
#include "viz/gradient_field.hpp"
#include "viz/receptive_field.hpp"

namespace ps::app {

namespace {

// Flags shared by `render rf` and `render blindspot` (strings, checked by hand so that every
// bad value gets one clear line).
// Every flag is taken as a string and parsed here, and unknown flags are collected as extras,
// so that any mistake gets exactly one line and exit code 2 (CLI11's own errors print two).
struct FieldFlags {
    std::string arch, pixel, channel, out;
    std::string layers, kernel, input_kernel, size, channels, layers_shown;
    std::string source;  // analytic (default) | gradient
};

struct Bad {
    std::string message;
};

// An integer flag in [lo, hi]; `value` is left alone when the flag was not given.
void parse_int(const char* flag, const std::string& text, int lo, int hi, int& value,
               const char* what = nullptr) {
    if (text.empty()) return;
    size_t used = 0;
    int v = 0;
    try {
        v = std::stoi(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || v < lo || v > hi) {
        throw Bad{std::string(flag) + " must be " + (what ? what : "an integer") + " in " +
                  std::to_string(lo) + ".." + std::to_string(hi) + ", got '" + text + "'"};
    }
    value = v;
}

void check_common(CLI::App* cmd, const std::string& out) {
    if (!cmd->remaining().empty()) throw Bad{"unknown argument '" + cmd->remaining().front() + "'"};
    if (out.empty()) throw Bad{"--out FILE.png is required"};
}

void add_field_flags(CLI::App* cmd, FieldFlags& f) {
    cmd->allow_extras();
    cmd->add_option("--arch", f.arch, "pixelcnn | rowlstm | diagbilstm | gated | masked_stack");
    cmd->add_option("--layers", f.layers,
                    "Layers L, 1..32 (default: the canonical L of the architecture)");
    cmd->add_option("--kernel", f.kernel, "Block kernel k (odd, 1..11; default 3)");
    cmd->add_option("--input-kernel", f.input_kernel, "First layer's kernel (default 7)");
    cmd->add_option("--size", f.size, "Image size N for an N x N image (5..32)");
    cmd->add_option("--pixel", f.pixel, "Target pixel as row,col");
    cmd->add_option("--channels", f.channels, "Image channels C: 1 or 3");
    cmd->add_option("--channel", f.channel, "Output channel for C = 3: R, G or B");
    cmd->add_option("--layers-shown", f.layers_shown, "Grow the field: input layer + n layers");
    cmd->add_option("--out", f.out, "PNG file to write (required)");
    cmd->add_option("--source", f.source,
                    "analytic (dependency sets, default) or gradient (the engine's backward: "
                    "|d logit_p / d input| over random inputs, as a log-scale heat map)");
}

// Fill `o` from the flags (unset flags keep o's defaults). Throws Bad.
void apply_field_flags(const FieldFlags& f, viz::FieldFigureOptions& o, bool classic) {
    if (!f.arch.empty()) {
        if (!viz::parse_arch(f.arch, o.spec.arch))
            throw Bad{"--arch must be pixelcnn, rowlstm, diagbilstm, gated or masked_stack, got '" +
                      f.arch + "'"};
        if (classic) o.title.clear();
        // A named architecture starts from its canonical configuration (DESIGN §2).
        const int channels = o.spec.channels;
        o.spec = viz::canonical_spec(o.spec.arch, channels);
    }
    parse_int("--layers", f.layers, 1, 32, o.spec.layers);
    int k = -1, ki = -1, n = -1, c = -1;
    parse_int("--kernel", f.kernel, 1, 11, k, "an odd integer");
    parse_int("--input-kernel", f.input_kernel, 1, 11, ki, "an odd integer");
    if (k != -1 && k % 2 == 0) throw Bad{"--kernel must be odd, got " + f.kernel};
    if (ki != -1 && ki % 2 == 0) throw Bad{"--input-kernel must be odd, got " + f.input_kernel};
    if (k != -1) o.spec.kernel = k;
    if (o.spec.arch == viz::Arch::MaskedStack) {
        if (ki != -1)
            throw Bad{"--input-kernel does not apply to masked_stack (every conv uses --kernel)"};
        o.spec.input_kernel = o.spec.kernel;
    } else if (ki != -1) {
        o.spec.input_kernel = ki;
    }
    parse_int("--size", f.size, 5, 32, n);
    if (n != -1) {
        o.height = o.width = n;
        o.row = n / 2;
        o.col = n / 2;
    }
    parse_int("--channels", f.channels, 1, 3, c, "1 or 3, an integer");
    if (c == 2) throw Bad{"--channels must be 1 or 3, got 2"};
    if (c != -1) o.spec.channels = c;
    if (!f.channel.empty()) {
        const std::string& t = f.channel;
        int ch = t == "R" || t == "r" || t == "0"   ? 0
                 : t == "G" || t == "g" || t == "1" ? 1
                 : t == "B" || t == "b" || t == "2" ? 2
                                                    : -1;
        if (ch < 0) throw Bad{"--channel must be R, G or B, got '" + t + "'"};
        if (ch > 0 && o.spec.channels != 3) throw Bad{"--channel G or B needs --channels 3"};
        o.channel = ch;
    }
    if (!f.pixel.empty()) {
        int r = -1, cc = -1;
        char tail = 0;
        if (std::sscanf(f.pixel.c_str(), "%d,%d%c", &r, &cc, &tail) != 2 || r < 0 || cc < 0 ||
            r >= o.height || cc >= o.width)
            throw Bad{"--pixel must be row,col inside the " + std::to_string(o.height) + "x" +
                      std::to_string(o.width) + " image, got '" + f.pixel + "'"};
        o.row = r;
        o.col = cc;
    }
    parse_int("--layers-shown", f.layers_shown, 0, o.spec.layers, o.layers_shown);
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
    if (!viz::save_png_rgba(out, img, error)) {
        // Almost always an --out path that cannot be written: the caller's input.
        std::cerr << "pixelscope render " << what << ": " << error << "\n";
        return 2;
    }
    std::cout << "wrote " << out << " (" << img.width << "x" << img.height << ")\n";
    return 0;
}

}  // namespace

void add_render_commands(CLI::App& app, int& exit_code) {
    CLI::App* render = app.add_subcommand(
        "render", "Draw an explorer figure (masks, rf, blindspot, skew) to a PNG without a window");
    render->allow_extras();
    render->callback([render, &exit_code]() {
        if (!render->remaining().empty()) {
            std::cerr << "pixelscope render: unknown figure or argument '"
                      << render->remaining().front() << "' (masks, rf, blindspot or skew)\n";
            exit_code = 2;
        } else if (render->get_subcommands().empty()) {
            std::cerr << "pixelscope render: name a figure: masks, rf, blindspot or skew\n";
            exit_code = 2;
        }
    });

    // render masks
    struct MaskFlags {
        std::string kernel, out;
        bool rgb = false;
    };
    auto mf = std::make_shared<MaskFlags>();
    CLI::App* masks = render->add_subcommand("masks", "Mask A and mask B of a k x k kernel");
    masks->allow_extras();
    masks->add_option("--kernel", mf->kernel, "Kernel size k (odd, 1..11; default 5)");
    masks->add_flag("--rgb", mf->rgb, "Also draw the R/G/B group connectivity at the centre");
    masks->add_option("--out", mf->out, "PNG file to write (required)");
    masks->callback([mf, masks, &exit_code]() {
        int k = 5;
        try {
            check_common(masks, mf->out);
            parse_int("--kernel", mf->kernel, 1, 11, k, "an odd integer");
            if (k % 2 == 0) throw Bad{"--kernel must be odd, got " + mf->kernel};
        } catch (const Bad& b) {
            std::cerr << "pixelscope render masks: " << b.message << "\n";
            exit_code = 2;
            return;
        }
        exit_code = draw_and_write("masks", mf->out, [&](const viz::Fonts& f) {
            return viz::render_masks_figure(f, k, mf->rgb);
        });
    });

    // render rf / render blindspot
    for (const bool classic : {false, true}) {
        auto flags = std::make_shared<FieldFlags>();
        CLI::App* cmd = classic
                            ? render->add_subcommand(
                                  "blindspot",
                                  "The classic blind spot: 5x5 lettered grid, 3 stacked 3x3 masked "
                                  "convolutions, pixel q (flags as for rf change it)")
                            : render->add_subcommand("rf", "Receptive field of one output pixel");
        add_field_flags(cmd, *flags);
        cmd->callback([flags, classic, cmd, &exit_code]() {
            const char* what = classic ? "blindspot" : "rf";
            viz::FieldFigureOptions o;
            if (classic) {
                o = viz::classic_blind_spot_options();
            } else {
                o.spec = viz::canonical_spec(viz::Arch::PixelCnn);
                o.height = o.width = 7;
                o.row = o.col = 3;
            }
            try {
                check_common(cmd, flags->out);
                apply_field_flags(*flags, o, classic);
            } catch (const Bad& b) {
                std::cerr << "pixelscope render " << what << ": " << b.message << "\n";
                exit_code = 2;
                return;
            }
            const std::string& source = flags->source;
            if (!source.empty() && source != "analytic" && source != "gradient") {
                std::cerr << "pixelscope render " << what
                          << ": --source must be analytic or gradient, got '" << source << "'\n";
                exit_code = 2;
                return;
            }
            exit_code = draw_and_write(what, flags->out, [&](const viz::Fonts& f) {
                viz::GradientField g;
                if (source == "gradient") {  // throws invalid_argument (exit 2) when unsupported
                    viz::GradientFieldRequest q;
                    q.spec = o.spec;
                    q.height = o.height;
                    q.width = o.width;
                    q.row = o.row;
                    q.col = o.col;
                    q.channel = o.channel;
                    q.layers_shown = o.layers_shown;
                    g = viz::gradient_field(q);
                    o.gradient = &g;
                }
                return viz::render_field_figure(f, o);
            });
        });
    }

    // render skew
    struct SkewFlags {
        std::string size, step, out;
    };
    auto sf = std::make_shared<SkewFlags>();
    CLI::App* skew = render->add_subcommand("skew", "The skew trick at one step, with Row LSTM");
    skew->allow_extras();
    skew->add_option("--size", sf->size, "Image size N for an N x N image (2..32; default 5)");
    skew->add_option("--step", sf->step, "Step t in 0..2N-2 (default: the middle one)");
    skew->add_option("--out", sf->out, "PNG file to write (required)");
    skew->callback([sf, skew, &exit_code]() {
        int n = 5, t = -1;
        try {
            check_common(skew, sf->out);
            parse_int("--size", sf->size, 2, 32, n);
            parse_int("--step", sf->step, 0, 2 * n - 2, t);
        } catch (const Bad& b) {
            std::cerr << "pixelscope render skew: " << b.message << "\n";
            exit_code = 2;
            return;
        }
        if (t == -1) t = (2 * n - 1) / 2;
        exit_code = draw_and_write("skew", sf->out, [&](const viz::Fonts& f) {
            return viz::render_skew_figure(f, n, n, t);
        });
    });
}

}  // namespace ps::app
