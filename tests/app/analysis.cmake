# The analysis workspace: capture in the background, threshold dragging, groups, exports.
sharelens_add_test(tst_analysisview SOURCES tst_analysisview.cpp LIBS ShareLens::App LABELS gui)
target_include_directories(tst_analysisview PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)

# The agents view: three agents analysed in the background, levels, threshold drag, preview, cancel.
sharelens_add_test(tst_agentsview SOURCES tst_agentsview.cpp LIBS ShareLens::App LABELS gui)
target_include_directories(tst_agentsview PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
# Screenshot of the agents view for docs/screenshots (not run by ctest).
add_executable(shot_agentsview shot_agentsview.cpp)
target_link_libraries(shot_agentsview PRIVATE ShareLens::App ShareLens::Warnings ShareLens::QtStrict)

# The agents view's Fine-tune tab: a short run against trainAgentsPair, cancel, bad texts, no plan yet.
sharelens_add_test(tst_agentsfinetune SOURCES tst_agentsfinetune.cpp LIBS ShareLens::App LABELS gui)
target_include_directories(tst_agentsfinetune PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
