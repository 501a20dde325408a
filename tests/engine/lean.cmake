# Lean healing: --train shared (frozen tensors get no gradients), --baseline
# skip, gradient checkpointing (same gradients), and the memory estimate of
# every mode (refusal with the cheapest mode that fits; estimate vs peak RSS).
sharelens_add_test(tst_lean SOURCES tst_lean.cpp LIBS ShareLens::Engine torch LABELS engine heavy TIMEOUT 900 COST 400)
target_include_directories(tst_lean PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
