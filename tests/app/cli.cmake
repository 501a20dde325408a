# The command-line tool, run as a process.
sharelens_add_test(tst_cli SOURCES tst_cli.cpp LABELS cli COST 95)
target_include_directories(tst_cli PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_cli sharelens-cli)
target_compile_definitions(tst_cli PRIVATE SHARELENS_TEST_VERSION="${PROJECT_VERSION}")
