# The explorer tabs at 1600x1000 (tests/gui/CMakeLists.txt includes every *.cmake here). Each
# screenshot must have many colours (cells, letters, arrows, legend, text) and real content where
# its pictures are drawn, so an empty or half-drawn tab fails.

# Masks: mask A's 5x5 grid (blue kept / grey dropped taps, the red centre outline) and the RGB
# connectivity diagram under it (coloured group circles, arrows).
pixelscope_gui_test(masks_view --size 1600x1000 --min-colours 50
    --region 175,255,270,270,20
    --region 40,625,550,150,10
    -- --view masks --size 1600x1000 --frames 3)

# Receptive field: opens on the classic lettered blind spot (q selected; j, n, o in cyan).
pixelscope_gui_test(rf_view --size 1600x1000 --min-colours 50
    --region 350,170,500,500,20
    -- --view rf --size 1600x1000 --frames 3)

# Skew: the lettered grid skewed into 5x9 at the middle step (computed / current / waiting /
# padding cells, the column outline and the two taps).
pixelscope_gui_test(skew_view --size 1600x1000 --min-colours 50
    --region 360,250,490,270,20
    --region 20,240,280,280,20
    -- --view skew --size 1600x1000 --frames 3)
