# The lesson player (issue 8): one step of every lesson (the first step with a check, or step 1)
# opened with --lesson/--step, its scene applied to the views, plus one step in Chinese. Each
# screenshot must show the lesson text in the side panel (x >= 1240: heading, paragraphs, the
# check box) and something drawn in the workspace the scene opened.
#
# pixelscope_lesson_test(<name> <lesson> <step> [extra pixelscope args...])
function(pixelscope_lesson_test name lesson step)
    pixelscope_gui_test(lesson_${name} --size 1600x1000 --min-colours 40
        --region 1240,130,340,360,25
        --region 20,90,1180,760,15
        -- --size 1600x1000 --frames 3 --lesson ${lesson} --step ${step} ${ARGN})
endfunction()

pixelscope_lesson_test(01_click 01-autoregressive 3)   # rf: click what q is conditioned on
pixelscope_lesson_test(02_choice 2 2)                   # masks: which channel groups G sees
pixelscope_lesson_test(03_reach 3 2)                    # masks: reach mask A
pixelscope_lesson_test(04_reach 4 2)                    # rf: grow the field with the slider
pixelscope_lesson_test(05_click 05-blind-spot 2)        # rf: click j, n, o (field hidden)
pixelscope_lesson_test(06_reach 6 2)                    # skew, Row LSTM rows
pixelscope_lesson_test(07_skew 7 2)                     # skew: where does the pixel land?
pixelscope_lesson_test(08_reach 8 1)                    # sampling
pixelscope_lesson_test(09_reach 9 1)                    # training
pixelscope_lesson_test(10_choice 10 2)                  # rf compare: the summary table
pixelscope_lesson_test(05_zh 5 1 --lang zh)             # Chinese: CJK glyphs in the panel
