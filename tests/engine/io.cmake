# Checkpoint I/O: safetensors, config.json, token-id files, model folders.
sharelens_add_test(tst_safetensors SOURCES tst_safetensors.cpp LIBS ShareLens::Core)
