# Qwen3, OLMo 2 and Phi-3: logits against an independent PyTorch forward pass
# (tests/reference/reference_families.py) on checkpoints in each family's real
# layout, config.json round trips, and fields not implemented refused by name.
sharelens_add_test(tst_families SOURCES tst_families.cpp LIBS ShareLens::Engine torch nlohmann_json::nlohmann_json
                   LABELS engine COST 40)
target_include_directories(tst_families PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
