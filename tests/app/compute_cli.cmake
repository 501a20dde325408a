# --compute f32|bf16 on eval, analyze and finetune, run as a process on the
# demo model: recorded in the outputs, bf16 near f32, a bad value refused.
sharelens_add_test(tst_compute_cli SOURCES tst_compute_cli.cpp LABELS cli TIMEOUT 300)
target_include_directories(tst_compute_cli PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_compute_cli sharelens-cli)
