#include "ui/gl/pixel_grid.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

#include "viz/colour.hpp"

namespace ps::gl {

// --- colour maps ------------------------------------------------------------------------------

ColourMap ColourMap::grey() {
    return ramp(0x000000, 0xFFFFFF);
}

ColourMap ColourMap::ink() {
    // White paper, slate-black ink: a digit reads as printed, and grid lines stay visible on both.
    return ramp(0xFFFFFF, 0x111827);
}

ColourMap ColourMap::viridis() {
    ColourMap map;
    for (int v = 0; v < 256; ++v) {
        const viz::Rgba c = viz::colour_map(float(v) / 255.f);
        map.rgba[4 * v + 0] = c.r;
        map.rgba[4 * v + 1] = c.g;
        map.rgba[4 * v + 2] = c.b;
        map.rgba[4 * v + 3] = 255;
    }
    return map;
}

ColourMap ColourMap::ramp(std::uint32_t low, std::uint32_t high) {
    ColourMap map;
    for (int v = 0; v < 256; ++v) {
        for (int k = 0; k < 3; ++k) {
            const int shift = 16 - 8 * k;
            const float a = float((low >> shift) & 0xFF), b = float((high >> shift) & 0xFF);
            map.rgba[4 * v + k] = std::uint8_t(a + (b - a) * float(v) / 255.f + 0.5f);
        }
        map.rgba[4 * v + 3] = 255;
    }
    return map;
}

// --- look -------------------------------------------------------------------------------------

namespace {
bool same(const ImVec4& a, const ImVec4& b) {
    return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w;
}
}  // namespace

bool operator==(const GridLook& a, const GridLook& b) {
    return a.grid_lines == b.grid_lines && a.min_cell_px_for_lines == b.min_cell_px_for_lines &&
           a.line_px == b.line_px && same(a.line_colour, b.line_colour) && a.border == b.border &&
           a.hovered == b.hovered && same(a.hovered_colour, b.hovered_colour) &&
           a.selected == b.selected && same(a.selected_colour, b.selected_colour) &&
           a.outline_px == b.outline_px && a.overlay_opacity == b.overlay_opacity;
}

// --- the grid ---------------------------------------------------------------------------------

PixelGrid::PixelGrid() : m_program("pixel_grid.vert.glsl", "pixel_grid.frag.glsl") {
    glGenVertexArrays(1, &m_vao);
}

PixelGrid::~PixelGrid() {
    if (m_vao) glDeleteVertexArrays(1, &m_vao);
}

namespace {
void check_size(const char* what, int width, int height, const void* data) {
    if (width <= 0 || height <= 0 || !data)
        throw std::invalid_argument(std::string("PixelGrid::") + what + ": " +
                                    std::to_string(width) + "x" + std::to_string(height) +
                                    (data ? "" : " with no data") + " is not an image");
}
}  // namespace

void PixelGrid::set_image(int width, int height, const std::uint8_t* rgba) {
    check_size("set_image", width, height, rgba);
    m_image.upload(width, height, Texture::Format::rgba8, rgba);
    m_data.assign(rgba, rgba + std::size_t(width) * height * 4);
    if (width != m_width || height != m_height) clear_overlay();
    m_width = width;
    m_height = height;
    m_value_mode = false;
    m_dirty = true;
}

void PixelGrid::set_values(int width, int height, const std::uint8_t* values,
                           const ColourMap& map) {
    check_size("set_values", width, height, values);
    m_image.upload(width, height, Texture::Format::r8, values);
    m_colour_map.upload(256, 1, Texture::Format::rgba8, map.rgba.data());
    m_data.assign(values, values + std::size_t(width) * height);
    if (width != m_width || height != m_height) clear_overlay();
    m_width = width;
    m_height = height;
    m_value_mode = true;
    m_dirty = true;
}

void PixelGrid::set_overlay(int width, int height, const std::uint8_t* rgba) {
    check_size("set_overlay", width, height, rgba);
    if (width != m_width || height != m_height)
        throw std::invalid_argument("PixelGrid::set_overlay: the overlay is " +
                                    std::to_string(width) + "x" + std::to_string(height) +
                                    " but the image is " + std::to_string(m_width) + "x" +
                                    std::to_string(m_height));
    m_overlay.upload(width, height, Texture::Format::rgba8, rgba);
    m_has_overlay = true;
    m_dirty = true;
}

void PixelGrid::clear_overlay() {
    if (m_has_overlay) m_dirty = true;
    m_has_overlay = false;
}

int PixelGrid::value(int row, int col) const {
    if (!m_value_mode || row < 0 || col < 0 || row >= m_height || col >= m_width) return -1;
    return m_data[std::size_t(row) * m_width + col];
}

std::array<std::uint8_t, 4> PixelGrid::rgba(int row, int col) const {
    if (row < 0 || col < 0 || row >= m_height || col >= m_width) return {0, 0, 0, 0};
    const std::size_t i = std::size_t(row) * m_width + col;
    if (m_value_mode) return {m_data[i], m_data[i], m_data[i], 255};
    return {m_data[4 * i], m_data[4 * i + 1], m_data[4 * i + 2], m_data[4 * i + 3]};
}

ImTextureID PixelGrid::render(int target_width, int target_height) {
    if (target_width < 1) target_width = 1;
    if (target_height < 1) target_height = 1;
    const bool resized = target_width != m_target.width() || target_height != m_target.height();
    if (!m_dirty && !resized && m_look == m_rendered_look)
        return (ImTextureID)(std::intptr_t)m_target.colour().id();
    m_target.resize(target_width, target_height);

    Framebuffer::Binding binding(m_target);
    if (m_width == 0) {  // nothing set yet: a neutral empty target
        glClearColor(0.9f, 0.9f, 0.9f, 1.f);
        glClear(GL_COLOR_BUFFER_BIT);
    } else {
        // ImGui's backend sets its own state when it renders; we only need ours here.
        glDisable(GL_BLEND);
        glDisable(GL_SCISSOR_TEST);
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_CULL_FACE);
        m_program.use();
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, m_image.id());
        glUniform1i(m_program.uniform("u_image"), 0);
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, m_colour_map.id());
        glUniform1i(m_program.uniform("u_colour_map"), 1);
        glActiveTexture(GL_TEXTURE2);
        glBindTexture(GL_TEXTURE_2D, m_overlay.id());
        glUniform1i(m_program.uniform("u_overlay"), 2);
        glActiveTexture(GL_TEXTURE0);

        const float cell_px_x = float(target_width) / float(m_width);
        const float cell_px_y = float(target_height) / float(m_height);
        const bool lines = m_look.grid_lines && cell_px_x >= m_look.min_cell_px_for_lines &&
                           cell_px_y >= m_look.min_cell_px_for_lines;
        glUniform1i(m_program.uniform("u_value_mode"), m_value_mode ? 1 : 0);
        glUniform1i(m_program.uniform("u_has_overlay"), m_has_overlay ? 1 : 0);
        glUniform1f(m_program.uniform("u_overlay_opacity"), m_look.overlay_opacity);
        glUniform2i(m_program.uniform("u_cells"), m_width, m_height);
        glUniform2f(m_program.uniform("u_target"), float(target_width), float(target_height));
        glUniform1i(m_program.uniform("u_lines"), lines ? 1 : 0);
        glUniform1f(m_program.uniform("u_line_px"), m_look.line_px);
        const ImVec4& lc = m_look.line_colour;
        glUniform4f(m_program.uniform("u_line_colour"), lc.x, lc.y, lc.z, lc.w);
        glUniform1i(m_program.uniform("u_border"), m_look.border ? 1 : 0);
        glUniform2i(m_program.uniform("u_hovered"), m_look.hovered.col, m_look.hovered.row);
        const ImVec4& hc = m_look.hovered_colour;
        glUniform4f(m_program.uniform("u_hovered_colour"), hc.x, hc.y, hc.z, hc.w);
        glUniform2i(m_program.uniform("u_selected"), m_look.selected.col, m_look.selected.row);
        const ImVec4& sc = m_look.selected_colour;
        glUniform4f(m_program.uniform("u_selected_colour"), sc.x, sc.y, sc.z, sc.w);
        glUniform1f(m_program.uniform("u_outline_px"), m_look.outline_px);

        glBindVertexArray(m_vao);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glBindVertexArray(0);
        glUseProgram(0);
    }
    m_dirty = false;
    m_rendered_look = m_look;
    return (ImTextureID)(std::intptr_t)m_target.colour().id();
}

}  // namespace ps::gl
