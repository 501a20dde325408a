# sharelens-cli tokenize and info's family and ignored fields/tensors, run as a process.
sharelens_add_test(tst_tokenize SOURCES tst_tokenize.cpp LABELS cli COST 190)
target_include_directories(tst_tokenize PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_tokenize sharelens-cli)
