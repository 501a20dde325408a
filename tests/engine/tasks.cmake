# Multiple-choice task accuracy and stride perplexity (sharelens/tasks.h)
# against an independent PyTorch reference (tests/reference/reference_tasks.py),
# and the messages for bad task files.
sharelens_add_test(tst_tasks SOURCES tst_tasks.cpp LIBS ShareLens::Engine torch LABELS engine TIMEOUT 300)
target_include_directories(tst_tasks PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
