# Token ids as calibration, and the questions before a running job is stopped.
sharelens_add_test(tst_guidata SOURCES tst_guidata.cpp LIBS ShareLens::App LABELS gui COST 120)
target_include_directories(tst_guidata PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
