# Session files written by the command-line tool and opened by the GUI.
sharelens_add_test(tst_clisession SOURCES tst_clisession.cpp LIBS ShareLens::App LABELS cli gui)
target_include_directories(tst_clisession PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_clisession sharelens-cli)
