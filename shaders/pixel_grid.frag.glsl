#version 330 core
// The pixel-grid renderer: a W x H image drawn as crisp cells (each cell = one texel, fetched
// exactly, never filtered), then, in this order:
//   1. colour: the texel itself (RGBA mode) or a colour-map lookup of its value (value mode)
//   2. overlay: a per-cell RGBA tint, mixed in by its alpha (receptive fields, masks, ...)
//   3. grid lines on the cell edges and the outer border, only where cells are big enough
//   4. outlines: the hovered cell (thin) and the selected cell (thick), drawn inside the cell
//
// Coordinates: p is the position in target pixels with the origin at the TOP-left, so cell
// (row, col) = floor(p / cell_px) matches texel (x = col, y = row) as the image was uploaded.
//
//      col 0    col 1
//    +--------+--------+   <- border / grid line (u_line_px wide, at the cell's top/left edge)
//    | (0,0)  | (0,1)  |
//    +--------+--------+
//    | (1,0)  | (1,1)  |   cell_px = u_target / u_cells
//    +--------+--------+
uniform sampler2D u_image;       // W x H, RGBA8 or R8
uniform sampler2D u_colour_map;  // 256 x 1 RGBA8, used in value mode
uniform sampler2D u_overlay;     // W x H RGBA8
uniform int u_value_mode;        // 1: colour = colour_map[value]
uniform int u_has_overlay;
uniform float u_overlay_opacity;
uniform ivec2 u_cells;           // (W, H)
uniform vec2 u_target;           // target size in pixels
uniform int u_lines;             // grid lines on/off (already decided by cell size on the CPU)
uniform float u_line_px;
uniform vec4 u_line_colour;
uniform int u_border;
uniform ivec2 u_hovered;         // (col, row); (-1, -1) for none
uniform vec4 u_hovered_colour;
uniform ivec2 u_selected;
uniform vec4 u_selected_colour;
uniform float u_outline_px;

out vec4 frag_colour;

void main() {
    vec2 p = vec2(gl_FragCoord.x, u_target.y - gl_FragCoord.y);
    vec2 cell_px = u_target / vec2(u_cells);
    ivec2 cell = clamp(ivec2(floor(p / cell_px)), ivec2(0), u_cells - 1);

    vec4 c = texelFetch(u_image, cell, 0);
    if (u_value_mode == 1) {
        int v = int(c.r * 255.0 + 0.5);
        c = texelFetch(u_colour_map, ivec2(v, 0), 0);
    }
    if (u_has_overlay == 1) {
        vec4 o = texelFetch(u_overlay, cell, 0);
        c.rgb = mix(c.rgb, o.rgb, o.a * u_overlay_opacity);
    }

    vec2 local = p - vec2(cell) * cell_px;  // position inside the cell, 0 .. cell_px
    if (u_lines == 1 && (local.x < u_line_px || local.y < u_line_px)) {
        c.rgb = mix(c.rgb, u_line_colour.rgb, u_line_colour.a);
    }
    if (u_border == 1 && (p.x < u_line_px || p.y < u_line_px || p.x >= u_target.x - u_line_px ||
                          p.y >= u_target.y - u_line_px)) {
        c.rgb = mix(c.rgb, u_line_colour.rgb, max(u_line_colour.a, 0.6));
    }

    vec2 far = cell_px - local;
    float edge = min(min(local.x, far.x), min(local.y, far.y));  // distance to the cell's edge
    if (cell == u_hovered && edge < max(1.0, u_outline_px * 0.5)) {
        c.rgb = mix(c.rgb, u_hovered_colour.rgb, u_hovered_colour.a);
    }
    if (cell == u_selected && edge < u_outline_px) {
        c.rgb = mix(c.rgb, u_selected_colour.rgb, u_selected_colour.a);
    }
    frag_colour = vec4(c.rgb, 1.0);
}
