# The Sampling tab mid-generation (a --screenshot of --view sampling draws to pixel (14, 14) of the
# 28x28 image: the last steps in naive mode, so both speed counters hold a measurement). The
# canvas must show the partly drawn image (its top half varied, its bottom half the "not drawn
# yet" grey C9D1DC), the pixel just drawn outlined red (D62929), the next one orange (F4A300)
# and its context outlined in the accent blue (2563EB); beside it the predicted distribution
# with the drawn bar framed red, and the batch mosaic. A blank or half-built tab fails.

# The untrained model (no training in the app yet): the view says its samples are noise.
pixelscope_gui_test(sampling_view --size 1600x1000 --min-colours 60
    --region 345,225,470,200,20
    --region 850,420,340,340,20
    --colour 335,215,490,485,C9D1DC,20000
    --colour 335,215,490,485,D62929,60
    --colour 335,215,490,485,F4A300,30
    --colour 335,215,490,485,2563EB,300
    --colour 840,230,380,120,D62828,60
    -- --view sampling --size 1600x1000)

# A PixelCNN trained for 3 seconds in the app (--train-seconds; the screenshot waits for the run,
# then shows the Sampling tab), sampled with those weights to the middle of the image.
pixelscope_gui_test(sampling_trained --size 1600x1000 --min-colours 60
    --region 345,185,470,190,10
    --colour 335,175,490,485,C9D1DC,20000
    --colour 335,175,490,485,D62929,60
    --colour 335,175,490,485,2563EB,300
    -- --view sampling --size 1600x1000 --train-seconds 3)
