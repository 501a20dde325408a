# Trainer checkpoint and resume: a run of S steps equals a run stopped at k
# and resumed to S (train() and trainPair(), shared models included).
sharelens_add_test(tst_trainer SOURCES tst_trainer.cpp LIBS ShareLens::Engine torch LABELS engine TIMEOUT 300)
target_include_directories(tst_trainer PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
