# sharelens-cli export, run as a process: round trips on the demo model, bad
# input, and an export killed at several moments over an existing one.
sharelens_add_test(tst_export_cli SOURCES tst_export_cli.cpp LABELS cli TIMEOUT 900 COST 175)
target_include_directories(tst_export_cli PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_export_cli sharelens-cli)
