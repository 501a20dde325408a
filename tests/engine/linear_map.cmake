# The linear-map replacement baseline (sharelens/linear_map.h): the fitted
# matrix against numpy.linalg.lstsq on the reference forward's activations
# and the replaced model's loss against tests/reference/reference_linear_map.py.
sharelens_add_test(tst_linear_map SOURCES tst_linear_map.cpp LIBS ShareLens::Engine torch LABELS engine TIMEOUT 300)
target_include_directories(tst_linear_map PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
