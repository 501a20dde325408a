# Manual group edits with undo and redo, the selection linked across the analysis views.
sharelens_add_test(tst_groupedits SOURCES tst_groupedits.cpp LIBS ShareLens::App LABELS gui)
target_include_directories(tst_groupedits PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
