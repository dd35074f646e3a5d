#version 330 core
// One triangle that covers the whole target (no vertex buffer: positions from gl_VertexID).
// The fragment shader works in target pixels, so nothing else is passed on.
void main() {
    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));  // (0,0) (2,0) (0,2)
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
