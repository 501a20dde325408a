# Gemma 2 and Gemma 3 (text): logits against the independent PyTorch forward
# pass (tests/reference/reference_forward.py), soft-capped attention gradients,
# config fields and refusals, attention types in clustering and plans, and the
# command-line analyze / finetune / export round trips.
sharelens_add_test(tst_gemma SOURCES tst_gemma.cpp LIBS ShareLens::Engine torch LABELS engine COST 60)
target_include_directories(tst_gemma PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_gemma sharelens-cli)
