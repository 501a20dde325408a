# Logits, losses and block outputs of the GPT-2 and Llama-family models
# against an independent PyTorch forward pass (tests/reference/reference_forward.py).
sharelens_add_test(tst_models SOURCES tst_models.cpp LIBS ShareLens::Engine torch LABELS engine COST 48)
target_include_directories(tst_models PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
# The blocked causal attention against the plain softmax(q k^T / sqrt(d) + mask) v:
# values and gradients (double and float), GQA, windows, T not a multiple of the block.
sharelens_add_test(tst_attention SOURCES tst_attention.cpp LIBS ShareLens::Engine torch LABELS engine)
target_include_directories(tst_attention PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
