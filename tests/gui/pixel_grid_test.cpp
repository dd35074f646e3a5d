// The pixel-grid renderer against exact pixels: each cell is a block of one colour (nearest, never
// filtered), grid lines sit on cell edges only when cells are big enough, the selected cell gets
// its outline, the overlay tints by its alpha, and value mode looks the value up in the colour map.
// Then the ImGui canvas on top: mouse -> cell, click -> selection, outlines follow.
// Runs under Xvfb (an invisible GLFW window provides the GL 3.3 context).
#include <doctest/doctest.h>

#include "ui/gl/gl.hpp"

#include <GLFW/glfw3.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "ui/gl/pixel_grid.hpp"
#include "ui/pixel_canvas.hpp"

namespace {

using Rgb = std::array<int, 3>;

// GLFW is initialised once per process and terminated at exit: re-initialising it for every test
// case (8 connect/disconnect cycles to the X server) failed now and then on a loaded machine.
// A GLFW error is printed, so a failure says why.
bool glfw_ready() {
    static const bool ready = [] {
        glfwSetErrorCallback([](int code, const char* what) {
            std::fprintf(stderr, "GLFW error %d: %s\n", code, what);
        });
        if (!glfwInit()) return false;
        std::atexit(glfwTerminate);
        return true;
    }();
    return ready;
}

// A current OpenGL 3.3 core context for the length of a test case.
struct GlContext {
    GLFWwindow* window = nullptr;
    GlContext() {
        REQUIRE(glfw_ready());
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        window = glfwCreateWindow(64, 64, "pixel grid test", nullptr, nullptr);
        REQUIRE(window != nullptr);
        glfwMakeContextCurrent(window);
    }
    ~GlContext() { glfwDestroyWindow(window); }
};

// The rendered texture, rows top-down like the image (GL returns them bottom-up).
struct Picture {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
    Rgb at(int x, int y) const {
        const std::size_t i = (std::size_t(height - 1 - y) * width + x) * 4;
        return {rgba[i], rgba[i + 1], rgba[i + 2]};
    }
};

Picture render(ps::gl::PixelGrid& grid, int width, int height) {
    const ImTextureID id = grid.render(width, height);
    Picture p{width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 4)};
    glBindTexture(GL_TEXTURE_2D, GLuint(reinterpret_cast<std::intptr_t>(id)));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, p.rgba.data());
    REQUIRE(glGetError() == GL_NO_ERROR);
    return p;
}

// 3 x 2 grey values; drawn through the grey map, value v is (v, v, v).
const std::uint8_t k_values[] = {0, 128, 255, 10, 20, 30};

}  // namespace

TEST_CASE("value mode: every cell is one exact colour from the map") {
    GlContext gl;
    ps::gl::PixelGrid grid;
    grid.set_values(3, 2, k_values, ps::gl::ColourMap::grey());
    grid.look().grid_lines = false;
    grid.look().border = false;
    const Picture p = render(grid, 30, 20);  // 10 x 10 pixels per cell
    for (int y = 0; y < 20; ++y) {
        for (int x = 0; x < 30; ++x) {
            CAPTURE(x);
            CAPTURE(y);
            const int v = k_values[(y / 10) * 3 + x / 10];
            CHECK(p.at(x, y) == Rgb{v, v, v});
        }
    }
    CHECK(grid.value(0, 1) == 128);
    CHECK(grid.value(1, 2) == 30);
    CHECK(grid.value(2, 0) == -1);  // outside
}

TEST_CASE("a colour map is looked up by value") {
    GlContext gl;
    ps::gl::PixelGrid grid;
    grid.set_values(3, 2, k_values, ps::gl::ColourMap::ramp(0xFF0000, 0x0000FF));
    grid.look().grid_lines = false;
    grid.look().border = false;
    const Picture p = render(grid, 3, 2);  // one pixel per cell
    CHECK(p.at(0, 0) == Rgb{255, 0, 0});   // value 0: the low end
    CHECK(p.at(2, 0) == Rgb{0, 0, 255});   // value 255: the high end
    const Rgb mid = p.at(1, 0);            // value 128: half way
    CHECK(mid[0] == doctest::Approx(127).epsilon(0.02));
    CHECK(mid[2] == doctest::Approx(128).epsilon(0.02));
}

TEST_CASE("RGBA mode keeps the colours as given") {
    GlContext gl;
    ps::gl::PixelGrid grid;
    const std::uint8_t rgba[] = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 9, 99, 199, 255};
    grid.set_image(2, 2, rgba);
    grid.look().grid_lines = false;
    grid.look().border = false;
    const Picture p = render(grid, 16, 16);
    CHECK(p.at(3, 3) == Rgb{255, 0, 0});
    CHECK(p.at(12, 3) == Rgb{0, 255, 0});
    CHECK(p.at(3, 12) == Rgb{0, 0, 255});
    CHECK(p.at(12, 12) == Rgb{9, 99, 199});
    CHECK(grid.rgba(1, 1) == std::array<std::uint8_t, 4>{9, 99, 199, 255});
    CHECK(grid.value(1, 1) == -1);  // no single value in RGBA mode
}

TEST_CASE("bad sizes are refused with a message") {
    GlContext gl;
    ps::gl::PixelGrid grid;
    grid.set_values(3, 2, k_values);
    const std::uint8_t rgba[4 * 4] = {};
    CHECK_THROWS_WITH_AS(grid.set_overlay(2, 2, rgba),
                         "PixelGrid::set_overlay: the overlay is 2x2 but the image is 3x2",
                         std::invalid_argument);
    CHECK_THROWS_AS(grid.set_image(0, 2, rgba), std::invalid_argument);
    CHECK_THROWS_AS(grid.set_values(3, 2, nullptr), std::invalid_argument);
}

TEST_CASE("grid lines sit on cell edges, and only on cells of at least 6 px") {
    GlContext gl;
    ps::gl::PixelGrid grid;
    const std::uint8_t white[6] = {255, 255, 255, 255, 255, 255};
    grid.set_values(3, 2, white);
    grid.look().border = false;
    grid.look().line_colour = ImVec4(0.f, 0.f, 0.f, 1.f);  // opaque black lines
    grid.look().line_px = 1.f;

    SUBCASE("10 px cells: lines at x = 10, 20 and y = 10; cell interiors untouched") {
        const Picture p = render(grid, 30, 20);
        CHECK(p.at(10, 5) == Rgb{0, 0, 0});
        CHECK(p.at(20, 15) == Rgb{0, 0, 0});
        CHECK(p.at(5, 10) == Rgb{0, 0, 0});
        CHECK(p.at(15, 5) == Rgb{255, 255, 255});
        CHECK(p.at(11, 11) == Rgb{255, 255, 255});
        CHECK(p.at(29, 19) == Rgb{255, 255, 255});
    }
    SUBCASE("3 px cells: no lines") {
        const Picture p = render(grid, 9, 6);
        for (int y = 0; y < 6; ++y)
            for (int x = 0; x < 9; ++x) CHECK(p.at(x, y) == Rgb{255, 255, 255});
    }
}

TEST_CASE("the selected cell is outlined inside its own edges") {
    GlContext gl;
    ps::gl::PixelGrid grid;
    const std::uint8_t white[6] = {255, 255, 255, 255, 255, 255};
    grid.set_values(3, 2, white);
    grid.look().grid_lines = false;
    grid.look().border = false;
    grid.look().selected = {1, 2};  // row 1, col 2: pixels x 20..29, y 10..19
    grid.look().selected_colour = ImVec4(1.f, 0.f, 0.f, 1.f);
    grid.look().outline_px = 2.f;
    const Picture p = render(grid, 30, 20);
    CHECK(p.at(20, 15) == Rgb{255, 0, 0});      // left edge
    CHECK(p.at(29, 15) == Rgb{255, 0, 0});      // right edge
    CHECK(p.at(25, 11) == Rgb{255, 0, 0});      // top edge, 2 px thick
    CHECK(p.at(25, 15) == Rgb{255, 255, 255});  // inside
    CHECK(p.at(19, 15) == Rgb{255, 255, 255});  // the neighbour
    CHECK(p.at(25, 9) == Rgb{255, 255, 255});   // the cell above
}

TEST_CASE("the overlay tints each cell by its alpha, and can be cleared") {
    GlContext gl;
    ps::gl::PixelGrid grid;
    const std::uint8_t white[6] = {255, 255, 255, 255, 255, 255};
    grid.set_values(3, 2, white);
    grid.look().grid_lines = false;
    grid.look().border = false;
    std::vector<std::uint8_t> overlay(3 * 2 * 4, 0);
    overlay[0] = 0, overlay[1] = 0, overlay[2] = 255, overlay[3] = 255;  // cell (0,0): blue
    overlay[4 * 4 + 0] = 0, overlay[4 * 4 + 3] = 128;                    // cell (1,1): half cyan
    overlay[4 * 4 + 1] = 255, overlay[4 * 4 + 2] = 255;
    grid.set_overlay(3, 2, overlay.data());
    Picture p = render(grid, 30, 20);
    CHECK(p.at(5, 5) == Rgb{0, 0, 255});
    const Rgb half = p.at(15, 15);
    CHECK(half[0] == doctest::Approx(127).epsilon(0.02));
    CHECK(half[1] == 255);
    CHECK(p.at(25, 5) == Rgb{255, 255, 255});  // alpha 0: untouched
    grid.clear_overlay();
    p = render(grid, 30, 20);
    CHECK(p.at(5, 5) == Rgb{255, 255, 255});
}

// --- the ImGui canvas on top of it ------------------------------------------------------------

namespace {

// One ImGui frame with a window at the origin holding a 30 x 20 canvas at (10, 10): cells are
// 10 px, so cell (row, col) spans x 10+10col .. and y 10+10row ...
ps::ui::CanvasFrame canvas_frame(ps::gl::PixelGrid& grid, ps::ui::CanvasSelection& selection,
                                 ImVec2 mouse, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(200, 200);
    io.DeltaTime = 1.f / 60.f;
    io.MousePos = mouse;
    io.MouseDown[0] = down;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(200, 200));
    ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::SetCursorScreenPos(ImVec2(10, 10));
    const ps::ui::CanvasFrame frame =
        ps::ui::pixel_canvas("##canvas", grid, ImVec2(30, 20), &selection);
    ImGui::End();
    ImGui::Render();
    return frame;
}

}  // namespace

TEST_CASE("pixel_canvas: the mouse maps to a cell, a click selects it, the outline follows") {
    GlContext gl;
    ImGui::CreateContext();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // NewFrame needs a built atlas
    {
        ps::gl::PixelGrid grid;
        grid.set_values(3, 2, k_values);
        ps::ui::CanvasSelection selection;

        ps::ui::CanvasFrame f{};
        for (int i = 0; i < 3; ++i) f = canvas_frame(grid, selection, ImVec2(35, 25), false);
        CHECK(f.hovered);
        CHECK(f.hovered_cell == ps::gl::Cell{1, 2});
        CHECK_FALSE(f.clicked);
        CHECK(grid.look().hovered == ps::gl::Cell{1, 2});
        CHECK_FALSE(selection.cell.valid());
        CHECK(f.cell_min({1, 2}).x == doctest::Approx(30));
        CHECK(f.cell_centre({1, 2}).y == doctest::Approx(25));

        f = canvas_frame(grid, selection, ImVec2(35, 25), true);  // press
        CHECK(f.clicked);
        CHECK(selection.cell == ps::gl::Cell{1, 2});
        CHECK(grid.look().selected == ps::gl::Cell{1, 2});

        f = canvas_frame(grid, selection, ImVec2(12, 12), false);  // release, move to (0, 0)
        CHECK(f.hovered_cell == ps::gl::Cell{0, 0});
        CHECK(selection.cell == ps::gl::Cell{1, 2});  // the selection stays

        f = canvas_frame(grid, selection, ImVec2(150, 150), false);  // off the canvas
        CHECK_FALSE(f.hovered);
        CHECK_FALSE(grid.look().hovered.valid());
    }
    ImGui::DestroyContext();
}
