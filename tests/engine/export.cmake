# Compact shared checkpoints and Hugging Face exports.
sharelens_add_test(tst_export SOURCES tst_export.cpp LIBS ShareLens::Engine torch LABELS engine TIMEOUT 600)
target_include_directories(tst_export PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
