# sharelens-cli on Qwen3, OLMo 2 and Phi-3 checkpoints: info, block and
# sub-layer analysis, fine-tune, compact and Hugging Face export, run as a process.
sharelens_add_test(tst_families_cli SOURCES tst_families_cli.cpp LABELS cli COST 60)
target_include_directories(tst_families_cli PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_families_cli sharelens-cli)
