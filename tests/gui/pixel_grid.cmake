# The pixel-grid renderer checked pixel by pixel (tests/gui/pixel_grid_test.cpp), in a GL 3.3
# context under Xvfb.
add_executable(test_pixel_grid pixel_grid_test.cpp)
target_link_libraries(test_pixel_grid PRIVATE ps_doctest_main ps_ui)
add_test(NAME gui_pixel_grid
    COMMAND xvfb-run -a -s "-screen 0 640x480x24" "$<TARGET_FILE:test_pixel_grid>")
set_tests_properties(gui_pixel_grid PROPERTIES LABELS "gui" TIMEOUT 120)
