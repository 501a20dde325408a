# Layer importance (block influence, angular distance, leave-one-out loss,
# removal order) against numpy over a separate PyTorch forward pass.
sharelens_add_test(tst_importance SOURCES tst_importance.cpp LIBS ShareLens::Engine LABELS engine TIMEOUT 300)
target_include_directories(tst_importance PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
