# The Training tab after a real 4-second run of the canonical PixelCNN on mnist (--train-seconds
# makes the screenshot wait for the run to end and for the samples of its final weights): the
# settings column, the NLL plot with its curves, and the sample grid must all hold real content.
pixelscope_gui_test(training_view --size 1600x1000 --min-colours 40
    --region 20,80,300,720,20
    --region 360,150,500,480,20
    --region 900,100,300,300,20
    -- --view training --size 1600x1000 --train-seconds 4)
