# The main window, driven offscreen.
sharelens_add_test(tst_mainwindow SOURCES tst_mainwindow.cpp LIBS ShareLens::App LABELS gui)
target_include_directories(tst_mainwindow PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)

# --help and --version answer without a display (no QApplication is made).
foreach(arg IN ITEMS --version --help)
    add_test(NAME sharelens_${arg}_without_display
             COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY QT_QPA_PLATFORM=xcb
                     $<TARGET_FILE:sharelens> ${arg})
    set_tests_properties(sharelens_${arg}_without_display PROPERTIES LABELS gui TIMEOUT 60)
endforeach()
set_tests_properties(sharelens_--version_without_display PROPERTIES
                     PASS_REGULAR_EXPRESSION "^ShareLens ${PROJECT_VERSION}")
set_tests_properties(sharelens_--help_without_display PROPERTIES PASS_REGULAR_EXPRESSION "--demo")
