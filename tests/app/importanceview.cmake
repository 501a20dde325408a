# The importance strip under the heatmap: shown after an analysis with layer
# importance, measures, tooltips, exports.
sharelens_add_test(tst_importanceview SOURCES tst_importanceview.cpp LIBS ShareLens::App LABELS gui)
target_include_directories(tst_importanceview PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
