# The main window, driven offscreen.
sharelens_add_test(tst_mainwindow SOURCES tst_mainwindow.cpp LIBS ShareLens::App LABELS gui)
target_include_directories(tst_mainwindow PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
