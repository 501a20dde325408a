# Hostile inputs through sharelens-cli: nesting, pickles, devices, FIFOs and
# oversized files are refused with exact messages instead of crashing,
# hanging or exhausting the memory.
sharelens_add_test(tst_bounded SOURCES tst_bounded.cpp LABELS cli COST 60)
target_include_directories(tst_bounded PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_bounded sharelens-cli)
