# The GUI's failures are one line and exit code 2, never a crash or a silent 0.
function(pixelscope_gui_exit_2 name)
    add_test(NAME gui_${name}
        COMMAND sh -c "xvfb-run -a -s '-screen 0 1600x1000x24' \"$0\" \"$@\"; test $? -eq 2"
                "$<TARGET_FILE:pixelscope>" ${ARGN})
    set_tests_properties(gui_${name} PROPERTIES LABELS "gui" TIMEOUT 120)
endfunction()

pixelscope_gui_exit_2(unknown_view --screenshot ${CMAKE_CURRENT_BINARY_DIR}/never.png --view nope)
pixelscope_gui_exit_2(unwritable_png --screenshot /nonexistent-folder/x.png --view data)
pixelscope_gui_exit_2(bad_dataset --screenshot ${CMAKE_CURRENT_BINARY_DIR}/never.png
    --data /nonexistent-folder/images.idx)
