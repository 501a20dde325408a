# Clustering by unit kind: attention and MLP sub-layers never share a group.
sharelens_add_test(tst_cluster_kinds SOURCES tst_cluster_kinds.cpp LIBS ShareLens::Core)
target_include_directories(tst_cluster_kinds PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
