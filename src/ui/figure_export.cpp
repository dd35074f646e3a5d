#include "ui/figure_export.hpp"

#include <algorithm>
#include <stdexcept>

#include "viz/png.hpp"
#include "viz/raster.hpp"

namespace ps::ui {

viz::RgbaImage render_figure(const viz::Fonts& fonts, const FigureRequest& request) {
    switch (request.kind) {
        case FigureRequest::Kind::masks:
            return viz::render_masks_figure(fonts, request.kernel, request.rgb);
        case FigureRequest::Kind::field:
            return viz::render_field_figure(fonts, request.field);
        case FigureRequest::Kind::skew:
            return viz::render_skew_figure(fonts, request.skew_size, request.skew_size,
                                           request.skew_step);
        case FigureRequest::Kind::none:
            break;
    }
    throw std::invalid_argument("this tab has no figure to export" +
                                (request.why_none.empty() ? "" : ": " + request.why_none));
}

std::string export_figure(const FigureRequest& request, const std::string& path, int scale,
                          int* width, int* height) {
    viz::Fonts fonts;
    std::string error;
    if (!viz::load_fonts(fonts, error)) return error;
    viz::RgbaImage image;
    try {
        image = render_figure(fonts, request);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    scale = std::clamp(scale, 1, 4);
    if (!viz::save_png_rgba(path, image, error, scale)) return error;
    if (width) *width = image.width * scale;
    if (height) *height = image.height * scale;
    return "";
}

}  // namespace ps::ui
