// GLSL sources from shaders/*.glsl, embedded at build time by cmake/EmbedShaders.cmake into
// embedded_shaders.cpp (in the build dir), so the binary runs from any folder.
#pragma once

#include <string>

namespace ps::gl {

// name: the file name, e.g. "pixel_grid.frag.glsl". Returns the source text, or nullptr.
const char* embedded_shader(const std::string& name);

}  // namespace ps::gl
