# The Runs tab: every finished fine-tune listed, two overlaid, kept in the session file.
sharelens_add_test(tst_runsview SOURCES tst_runsview.cpp LIBS ShareLens::App LABELS gui COST 120)
target_include_directories(tst_runsview PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
