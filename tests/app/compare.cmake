# sharelens-cli compare, run as a process on the demo model.
sharelens_add_test(tst_compare SOURCES tst_compare.cpp LABELS cli TIMEOUT 300)
target_include_directories(tst_compare PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_compare sharelens-cli)
