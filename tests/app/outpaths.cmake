# Output paths: every command refuses to replace what the user made (an input,
# a file or folder ShareLens did not write, a device, FIFO or read-only file).
sharelens_add_test(tst_outpaths SOURCES tst_outpaths.cpp LABELS cli TIMEOUT 900 COST 60)
target_include_directories(tst_outpaths PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_outpaths sharelens-cli)
