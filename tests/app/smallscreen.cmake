# A 1366 x 768 screen: the main window and the agents window fit, nothing clipped.
sharelens_add_test(tst_smallscreen SOURCES tst_smallscreen.cpp LIBS ShareLens::App LABELS gui)
target_include_directories(tst_smallscreen PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
