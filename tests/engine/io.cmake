# Checkpoint I/O: safetensors, config.json, token-id files, model folders.
sharelens_add_test(tst_safetensors SOURCES tst_safetensors.cpp LIBS ShareLens::Core)
sharelens_add_test(tst_config SOURCES tst_config.cpp LIBS ShareLens::Core nlohmann_json::nlohmann_json)
sharelens_add_test(tst_data SOURCES tst_data.cpp LIBS ShareLens::Core)
sharelens_add_test(tst_checkpoint SOURCES tst_checkpoint.cpp LIBS ShareLens::Engine torch COST 58)
target_include_directories(tst_checkpoint PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
