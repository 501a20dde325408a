# sharelens-cli finetune, run as a process on the demo model.
sharelens_add_test(tst_finetune SOURCES tst_finetune.cpp LABELS cli TIMEOUT 300 COST 80)
target_include_directories(tst_finetune PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_finetune sharelens-cli)
