# Shared-pool export of a multi-agent system: each agent reopened
# alone and the system reopened whole give the tied system's logits exactly,
# the pool stores each shared tensor once, damaged pools are refused, and
# `sharelens-cli export A B C --format pool` round-trips through `eval`.
sharelens_add_test(tst_pool SOURCES tst_pool.cpp LIBS ShareLens::Engine torch LABELS engine TIMEOUT 600 COST 47)
target_include_directories(tst_pool PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_pool sharelens-cli)
