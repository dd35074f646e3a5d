// The one place that includes OpenGL. Core 3.3 entry points come straight from glvnd's libOpenGL
// (it exports every core function), so no loader is needed: GL_GLEXT_PROTOTYPES declares them.
#pragma once

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>

#include <stdexcept>
#include <string>

namespace ps::gl {

// A shader that does not compile or link, a framebuffer that is incomplete: the message names the
// shader file or the object and the driver's log.
struct GlError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace ps::gl
