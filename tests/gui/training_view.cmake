# The Training tab after a real 4-second run of the canonical PixelCNN on mnist (--train-seconds
# makes the screenshot wait for the run to end and for the samples of its final weights): the
# settings column, the NLL plot with both curves (the train series' blue #2563EB and the test
# points' orange #DC5A1E inside the plot, below its legend), the sample grid and the completions
# must all hold real content.
pixelscope_gui_test(training_view --size 1600x1000 --min-colours 40
    --region 20,80,300,720,20
    --region 360,150,460,480,12
    --colour 420,175,400,430,2563EB,100
    --colour 420,175,400,430,DC5A1E,100
    --region 870,100,340,340,20
    --region 870,490,340,170,20
    -- --view training --size 1600x1000 --train-seconds 4)
