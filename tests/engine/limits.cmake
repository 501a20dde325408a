# Bounds on inputs: JSON nesting, pickle nesting and size, file kinds and sizes.
sharelens_add_test(tst_limits SOURCES tst_limits.cpp LIBS ShareLens::Engine LABELS engine)
target_include_directories(tst_limits PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
