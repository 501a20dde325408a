# The command-line tool on sub-layer plans, calibration size and context-long windows, run as a process.
sharelens_add_test(tst_cli_kinds SOURCES tst_cli_kinds.cpp LABELS cli)
target_include_directories(tst_cli_kinds PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_cli_kinds sharelens-cli)
