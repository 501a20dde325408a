# Distributed analyze and finetune: 2 and 3 sharelens-cli processes on loopback.
sharelens_add_test(tst_dist SOURCES tst_dist.cpp LIBS ShareLens::Cli LABELS cli heavy TIMEOUT 600 COST 250)
target_include_directories(tst_dist PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_dist sharelens-cli)
