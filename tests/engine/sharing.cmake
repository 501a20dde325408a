# Shared models from sharing plans (tied blocks, init policies, private norms,
# low-rank deltas) and the paired baseline/shared trainer.
sharelens_add_test(tst_sharing SOURCES tst_sharing.cpp LIBS ShareLens::Engine torch nlohmann_json::nlohmann_json LABELS engine TIMEOUT 300)
target_include_directories(tst_sharing PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
