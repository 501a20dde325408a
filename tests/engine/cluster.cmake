# Hierarchical clustering against SciPy (tests/reference/scipy_cluster.py).
sharelens_add_test(tst_cluster SOURCES tst_cluster.cpp LIBS ShareLens::Core COST 47)
target_include_directories(tst_cluster PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
