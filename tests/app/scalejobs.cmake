# A cancel frees the memory: the analysis and fine-tune jobs cancelled
# mid-run through the GUI's runners, resident memory measured before, during
# and after (heavy: a 25 M-parameter model; meaningless under ASan).
sharelens_add_test(tst_scalejobs SOURCES tst_scalejobs.cpp LIBS ShareLens::App LABELS gui heavy TIMEOUT 600 COST 120)
target_include_directories(tst_scalejobs PRIVATE ${PROJECT_SOURCE_DIR}/tests/common ${PROJECT_SOURCE_DIR}/engine/src)
