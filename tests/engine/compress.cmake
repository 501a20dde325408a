# Comparison baselines at a similar parameter budget: layer removal and int8
# weight quantization (sharelens/compress.h).
sharelens_add_test(tst_compress SOURCES tst_compress.cpp LIBS ShareLens::Engine torch LABELS engine TIMEOUT 300)
target_include_directories(tst_compress PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
