# The fine-tune panel: a short background run with live charts, pause, cancel, exports.
sharelens_add_test(tst_finetuneview SOURCES tst_finetuneview.cpp LIBS ShareLens::App LABELS gui COST 260)
target_include_directories(tst_finetuneview PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
