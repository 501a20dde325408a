# Checkpoints that are silently wrong: a config.json that disagrees with the
# weights, shards that are no files, a plan naming absent tensors, NaN weights.
sharelens_add_test(tst_hostile_ckpt SOURCES tst_hostile_ckpt.cpp LIBS ShareLens::Core LABELS cli TIMEOUT 900 COST 60)
target_include_directories(tst_hostile_ckpt PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_hostile_ckpt sharelens-cli)
