# GGUF files written by tests/reference/make_gguf.py: logits equal to the
# safetensors they were made from, vocabularies, damaged headers.
sharelens_add_test(tst_gguf SOURCES tst_gguf.cpp LIBS ShareLens::Engine torch nlohmann_json::nlohmann_json
                   LABELS engine COST 115)
target_include_directories(tst_gguf PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
