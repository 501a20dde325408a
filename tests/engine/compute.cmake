# The compute dtype: bf16 similarity, loss, attention and a mixed-precision
# training step against float32; F16/BF16 weights kept in their stored dtype.
sharelens_add_test(tst_compute SOURCES tst_compute.cpp LIBS ShareLens::Engine torch LABELS engine TIMEOUT 300)
target_include_directories(tst_compute PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
