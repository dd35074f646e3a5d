# The Data tab at 1600x1000: the right size, many colours (digits, text, theme), and real content
# (luminance that varies) where the thumbnail sheet and the large digit are drawn, so a blank or
# half-drawn window fails.
pixelscope_gui_test(data_view --size 1600x1000 --min-colours 50
    --region 40,240,600,560,20
    --region 770,300,340,340,20
    -- --view data --size 1600x1000 --frames 5)

# The RGB path (colored-mnist: tinted digits, drawn as RGBA cells).
pixelscope_gui_test(data_view_rgb --size 1600x1000 --min-colours 200
    --region 40,240,600,560,20
    --region 770,300,340,340,20
    -- --view data --data colored-mnist --size 1600x1000)
