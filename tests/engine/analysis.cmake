# Similarity against numpy/direct-formula references; sharing plans.
sharelens_add_test(tst_analysis SOURCES tst_analysis.cpp LIBS ShareLens::Engine LABELS engine)
target_include_directories(tst_analysis PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
