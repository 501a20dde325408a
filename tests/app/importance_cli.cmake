# sharelens-cli analyze --importance and compare --baselines bi,angular, run
# as a process on the demo model.
sharelens_add_test(tst_importance_cli SOURCES tst_importance_cli.cpp LABELS cli TIMEOUT 300)
target_include_directories(tst_importance_cli PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_importance_cli sharelens-cli)
